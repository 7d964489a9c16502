package io.portsplit.jvm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
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

	/**
	 * Every call has this one Java type: three 64-bit integers in, one out. The linker
	 * generates and loads code for each shape it links (type and variadic position), 5-25 ms
	 * apiece in a cold JVM, and a handle of a shape already linked costs next to nothing. On
	 * the two ABIs accepted here (Linux on x86-64 and AArch64) the first integer arguments and
	 * the result travel in registers, a function reads the arguments it declares and, for an
	 * {@code int}, their low 32 bits, and writes at least the low 32 bits of its result: so
	 * pointers pass as their addresses, unused arguments as zero, and an {@code int} result is
	 * the low half of the {@code long}. Only functions that are not variadic in C are linked
	 * this way: on x86-64 a variadic callee may read the count of vector registers in
	 * {@code %al}, which the linker sets only for a call it knows to be variadic. So the
	 * descriptors are marked with {@code close_range}, and the lock is opened with
	 * {@code fopen} and {@code fileno}, not the variadic {@code fcntl} and {@code open};
	 * {@code fcntl}, a second shape, is linked only where {@code close_range} is missing.
	 */
	private static final MethodType SHAPE = MethodType.methodType(long.class, long.class, long.class, long.class);

	private static final int FIXED_BEFORE_VARIADIC = 2;

	private static final int NOT_VARIADIC = -1;

	private static final List<String> ARCHITECTURES = List.of("amd64", "x86_64", "aarch64");

	private static final long SIG_SETMASK = 2;

	private static final long F_SETFD = 2;

	private static final long FD_CLOEXEC = 1;

	private static final long CLOSE_RANGE_CLOEXEC = 4;

	/** {@code ~0U}, the highest descriptor {@code close_range} takes. */
	private static final long HIGHEST_DESCRIPTOR = 0xFFFF_FFFFL;

	private static final long SIGSET_BYTES = 128;

	private final Api api;

	private final MethodHandle execv;

	/** The handles below are made on first use: {@code fcntl} is a fallback, and a first start locks no entry. */
	private MethodHandle closeRange;

	private MethodHandle fcntl;

	private MethodHandle sigprocmask;

	private MethodHandle fopen;

	private MethodHandle fileno;

	private MethodHandle flock;

	private MethodHandle close;

	private ForeignCalls(Api api) throws ReflectiveOperationException {
		this.api = api;
		this.execv = api.function("execv", NOT_VARIADIC);
	}

	/** The calls, or null on a JDK without the final API (or one that refuses it), or another ABI. */
	static NativeCalls load() {
		if (Runtime.version().feature() < FIRST_FEATURE_VERSION
				|| !ARCHITECTURES.contains(System.getProperty("os.arch", ""))
				|| !System.getProperty("os.name", "").equals("Linux")) {
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
	public boolean closeOnExecFrom(int lowest) {
		if (this.closeRange == null) {
			this.closeRange = this.api.functionOrNull("close_range", NOT_VARIADIC);
		}
		return this.closeRange != null
				&& (int) call(this.closeRange, lowest, HIGHEST_DESCRIPTOR, CLOSE_RANGE_CLOEXEC) == 0;
	}

	@Override
	public void closeOnExec(int fd) {
		if (this.fcntl == null) {
			this.fcntl = this.api.functionOrNull("fcntl", FIXED_BEFORE_VARIADIC);
		}
		call(this.fcntl, fd, F_SETFD, FD_CLOEXEC);
	}

	@Override
	public void unblockSignals() {
		if (this.sigprocmask == null) {
			this.sigprocmask = this.api.functionOrNull("sigprocmask", NOT_VARIADIC);
		}
		call(this.sigprocmask, SIG_SETMASK, this.api.address(this.api.segment(SIGSET_BYTES)), 0);
	}

	/**
	 * The stream {@code fopen} allocates is never closed, only its descriptor: this JVM ends
	 * in the execve a moment later, and the stream's memory with it (if the execve fails, a
	 * few hundred bytes stay allocated in a JVM that runs on).
	 */
	@Override
	public int openToRead(String path) {
		if (this.fopen == null) {
			this.fopen = this.api.functionOrNull("fopen", NOT_VARIADIC);
			this.fileno = this.api.functionOrNull("fileno", NOT_VARIADIC);
		}
		long stream = call(this.fopen, this.api.string(path), this.api.string("r"), 0);
		return (stream == 0 || stream == -1) ? -1 : (int) call(this.fileno, stream, 0, 0);
	}

	@Override
	public int flock(int fd, int operation) {
		if (this.flock == null) {
			this.flock = this.api.functionOrNull("flock", NOT_VARIADIC);
		}
		return (int) call(this.flock, fd, operation, 0);
	}

	@Override
	public void close(int fd) {
		if (this.close == null) {
			this.close = this.api.functionOrNull("close", NOT_VARIADIC);
		}
		call(this.close, fd, 0, 0);
	}

	@Override
	public String execv(List<String> command) {
		// argv: one pointer per argument and a null one after them (arena memory starts zeroed).
		Object argv = this.api.segment(8L * (command.size() + 1));
		for (int index = 0; index < command.size(); index++) {
			this.api.putLong(argv, index, this.api.string(command.get(index)));
		}
		int result = (int) call(this.execv, this.api.string(command.get(0)), this.api.address(argv), 0);
		return "execv ".concat(command.get(0)).concat(" returned ").concat(Integer.toString(result));
	}

	/** -1 if the call itself could not be made. */
	private static long call(MethodHandle function, long first, long second, long third) {
		if (function == null) {
			return -1;
		}
		try {
			return (long) function.invokeExact(first, second, third);
		}
		catch (Throwable ex) {
			return -1;
		}
	}

	/** The API's classes and the handful of its methods used here, found by name. */
	private static final class Api {

		private final Object linker;

		private final Object lookup;

		private final Object arena;

		private final Object shape;

		private final Object noOptions;

		private final Object variadicOptions;

		private final Object longLayout;

		private final Method find;

		private final Method downcallHandle;

		private final Method allocate;

		private final Method allocateString;

		private final Method address;

		private final Method setLong;

		Api() throws ReflectiveOperationException {
			Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
			Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
			Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
			Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
			Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
			Class<?> allocator = Class.forName("java.lang.foreign.SegmentAllocator");
			Class<?> memorySegment = Class.forName("java.lang.foreign.MemorySegment");
			Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
			Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
			this.linker = linkerClass.getMethod("nativeLinker").invoke(null);
			this.lookup = linkerClass.getMethod("defaultLookup").invoke(this.linker);
			this.arena = arenaClass.getMethod("global").invoke(null);
			this.longLayout = valueLayout.getField("JAVA_LONG").get(null);
			Object layouts = Array.newInstance(memoryLayout, 3);
			for (int index = 0; index < 3; index++) {
				Array.set(layouts, index, this.longLayout);
			}
			this.shape = descriptorClass.getMethod("of", memoryLayout, memoryLayout.arrayType())
				.invoke(null, this.longLayout, layouts);
			this.noOptions = Array.newInstance(option, 0);
			this.variadicOptions = Array.newInstance(option, 1);
			Array.set(this.variadicOptions, 0, option.getMethod("firstVariadicArg", int.class)
				.invoke(null, FIXED_BEFORE_VARIADIC));
			this.find = lookupClass.getMethod("find", String.class);
			this.downcallHandle = linkerClass.getMethod("downcallHandle", memorySegment, descriptorClass,
					option.arrayType());
			this.allocate = allocator.getMethod("allocate", long.class);
			this.allocateString = allocator.getMethod("allocateFrom", String.class);
			this.address = memorySegment.getMethod("address");
			this.setLong = memorySegment.getMethod("setAtIndex", Class.forName("java.lang.foreign.ValueLayout$OfLong"),
					long.class, long.class);
		}

		/**
		 * A handle of {@link #SHAPE} for libc's {@code name}, variadic from argument
		 * {@code firstVariadic} (always {@link #FIXED_BEFORE_VARIADIC} here), or not ({@link #NOT_VARIADIC}).
		 */
		MethodHandle function(String name, int firstVariadic) throws ReflectiveOperationException {
			Optional<?> symbol = (Optional<?>) this.find.invoke(this.lookup, name);
			if (symbol.isEmpty()) {
				throw new NoSuchMethodException("libc has no ".concat(name));
			}
			MethodHandle handle = (MethodHandle) this.downcallHandle.invoke(this.linker, symbol.get(), this.shape,
					(firstVariadic == NOT_VARIADIC) ? this.noOptions : this.variadicOptions);
			if (!handle.type().equals(SHAPE)) {
				throw new NoSuchMethodException("unexpected shape ".concat(handle.type().toString()));
			}
			return handle;
		}

		MethodHandle functionOrNull(String name, int firstVariadic) {
			try {
				return function(name, firstVariadic);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

		/** {@code bytes} of zeroed memory that is never freed. */
		Object segment(long bytes) {
			return invoke(this.allocate, this.arena, bytes);
		}

		/** The address of {@code value} as a NUL-terminated UTF-8 string. */
		long string(String value) {
			return address(invoke(this.allocateString, this.arena, value));
		}

		/** Stores {@code value} as the {@code index}th 64-bit integer (a pointer, here) of {@code segment}. */
		void putLong(Object segment, long index, long value) {
			invoke(this.setLong, segment, this.longLayout, index, value);
		}

		long address(Object segment) {
			return (Long) invoke(this.address, segment);
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
