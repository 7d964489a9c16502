package io.portsplit.jvm;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * {@link NativeCalls} through the JDK's foreign function API ({@code java.lang.foreign},
 * final in JDK 22). The first stage of a plain {@code java -jar} uses it because it needs
 * nothing outside the JDK: no Spring Boot launcher to open the nested jars, no JNA to load
 * and unpack, which together cost that short-lived JVM more than the rest of its work. The
 * API is reached by reflection, as portsplit builds and runs on JDK 17 too, where it is
 * not there; {@link #load()} says so by returning null, and JNA makes the calls instead.
 * <p>
 * Its memory comes from the global arena and is never freed: the JVM that makes these
 * calls ends at the execve a moment later, or makes them once.
 */
final class ForeignCalls implements NativeCalls {

	/** The first version where the API is final, and so usable without {@code --enable-preview}. */
	static final int FIRST_FEATURE_VERSION = 22;

	private static final int SIG_SETMASK = 2;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private static final int SIGSET_BYTES = 128;

	private final Api api;

	private final MethodHandle execv;

	/** Made on first use: each costs a few milliseconds, and a first start never locks an entry. */
	private MethodHandle fcntl;

	private MethodHandle sigprocmask;

	private MethodHandle open;

	private MethodHandle flock;

	private MethodHandle close;

	private ForeignCalls(Api api) throws ReflectiveOperationException {
		this.api = api;
		this.execv = api.function("execv", -1, api.address, api.address);
	}

	/** The calls, or null on a JDK without the final API (or one that refuses it). */
	static NativeCalls load() {
		if (Runtime.version().feature() < FIRST_FEATURE_VERSION) {
			return null;
		}
		try {
			return new ForeignCalls(new Api());
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

	@Override
	public void closeOnExec(int fd) {
		if (this.fcntl == null) {
			// variadic in C: the caller must say where the fixed arguments end
			this.fcntl = this.api.functionOrNull("fcntl", 2, this.api.integer, this.api.integer, this.api.integer);
		}
		call(this.fcntl, fd, F_SETFD, FD_CLOEXEC);
	}

	@Override
	public void unblockSignals() {
		if (this.sigprocmask == null) {
			this.sigprocmask = this.api.functionOrNull("sigprocmask", -1, this.api.integer, this.api.address,
					this.api.address);
		}
		call(this.sigprocmask, SIG_SETMASK, this.api.allocate(SIGSET_BYTES), this.api.nullAddress);
	}

	@Override
	public int open(String path, int flags) {
		if (this.open == null) {
			this.open = this.api.functionOrNull("open", 2, this.api.address, this.api.integer);
		}
		return call(this.open, this.api.string(path), flags);
	}

	@Override
	public int flock(int fd, int operation) {
		if (this.flock == null) {
			this.flock = this.api.functionOrNull("flock", -1, this.api.integer, this.api.integer);
		}
		return call(this.flock, fd, operation);
	}

	@Override
	public void close(int fd) {
		if (this.close == null) {
			this.close = this.api.functionOrNull("close", -1, this.api.integer);
		}
		call(this.close, fd);
	}

	@Override
	public String execv(List<String> command) {
		// argv: one pointer per argument and a null one after them (arena memory starts zeroed).
		Object argv = this.api.allocate(8L * (command.size() + 1));
		for (int index = 0; index < command.size(); index++) {
			this.api.setAddress(argv, index, this.api.string(command.get(index)));
		}
		int result = call(this.execv, this.api.string(command.get(0)), argv);
		return "execv ".concat(command.get(0)).concat(" returned ").concat(Integer.toString(result));
	}

	/** -1 if the call itself could not be made. */
	private static int call(MethodHandle function, Object... arguments) {
		if (function == null) {
			return -1;
		}
		try {
			return (Integer) function.invokeWithArguments(arguments);
		}
		catch (Throwable ex) {
			return -1;
		}
	}

	/** The API's classes and the handful of its methods used here, found by name. */
	private static final class Api {

		private final Class<?> memorySegment;

		private final Class<?> memoryLayout;

		private final Object linker;

		private final Object lookup;

		private final Object arena;

		final Object integer;

		final Object address;

		final Object nullAddress;

		private final Method find;

		private final Method functionDescriptor;

		private final Method downcallHandle;

		private final Method firstVariadicArg;

		private final Class<?> option;

		private final Method allocate;

		private final Method allocateString;

		private final Method setAtIndex;

		Api() throws ReflectiveOperationException {
			Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
			Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
			Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
			Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
			Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
			Class<?> allocator = Class.forName("java.lang.foreign.SegmentAllocator");
			this.memorySegment = Class.forName("java.lang.foreign.MemorySegment");
			this.memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
			this.option = Class.forName("java.lang.foreign.Linker$Option");
			this.linker = linkerClass.getMethod("nativeLinker").invoke(null);
			this.lookup = linkerClass.getMethod("defaultLookup").invoke(this.linker);
			this.arena = arenaClass.getMethod("global").invoke(null);
			this.integer = valueLayout.getField("JAVA_INT").get(null);
			this.address = valueLayout.getField("ADDRESS").get(null);
			this.nullAddress = this.memorySegment.getField("NULL").get(null);
			this.find = lookupClass.getMethod("find", String.class);
			this.functionDescriptor = descriptorClass.getMethod("of", this.memoryLayout,
					this.memoryLayout.arrayType());
			this.downcallHandle = linkerClass.getMethod("downcallHandle", this.memorySegment, descriptorClass,
					this.option.arrayType());
			this.firstVariadicArg = this.option.getMethod("firstVariadicArg", int.class);
			this.allocate = allocator.getMethod("allocate", long.class);
			this.allocateString = allocator.getMethod("allocateFrom", String.class);
			this.setAtIndex = this.memorySegment.getMethod("setAtIndex",
					Class.forName("java.lang.foreign.AddressLayout"), long.class, this.memorySegment);
		}

		/**
		 * A handle for libc's {@code name} returning an int; {@code firstVariadic} is the index
		 * of the first variadic argument (the count of fixed ones), or -1 if it has none.
		 */
		MethodHandle function(String name, int firstVariadic, Object... parameters) throws ReflectiveOperationException {
			Optional<?> symbol = (Optional<?>) this.find.invoke(this.lookup, name);
			if (symbol.isEmpty()) {
				throw new NoSuchMethodException("libc has no ".concat(name));
			}
			Object layouts = Array.newInstance(this.memoryLayout, parameters.length);
			for (int index = 0; index < parameters.length; index++) {
				Array.set(layouts, index, parameters[index]);
			}
			Object descriptor = this.functionDescriptor.invoke(null, this.integer, layouts);
			Object options = Array.newInstance(this.option, (firstVariadic < 0) ? 0 : 1);
			if (firstVariadic >= 0) {
				Array.set(options, 0, this.firstVariadicArg.invoke(null, firstVariadic));
			}
			return (MethodHandle) this.downcallHandle.invoke(this.linker, symbol.get(), descriptor, options);
		}

		MethodHandle functionOrNull(String name, int firstVariadic, Object... parameters) {
			try {
				return function(name, firstVariadic, parameters);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

		Object allocate(long bytes) {
			return invoke(this.allocate, this.arena, bytes);
		}

		Object string(String value) {
			return invoke(this.allocateString, this.arena, value);
		}

		void setAddress(Object array, long index, Object value) {
			invoke(this.setAtIndex, array, this.address, index, value);
		}

		private static Object invoke(Method method, Object target, Object... arguments) {
			try {
				return method.invoke(target, arguments);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}
}
