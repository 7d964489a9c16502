package io.portsplit.jvm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives a plain {@code java -jar portsplit.jar ...} the JVM a small daemon wants, by
 * replacing the process with the same command plus {@link #OPTIONS} (execve: same pid,
 * parent, standard streams, environment and working directory; nothing has been opened
 * or bound yet). A jar's manifest cannot carry JVM options, and the JVM's defaults are
 * sized for the machine, not for a proxy: on the 2-core, 24 GB bench machine they cost
 * 1.7× the idle memory, 1.5× the CPU per short connection and a slower start (README,
 * Performance). It is also the only way a plain {@code java -jar} gets the start-up
 * cache: when {@link StartCache} has a valid entry, the new command runs its extracted
 * jar with its class-data archive; when it has none, the daemon trains one once it
 * serves ({@link TrainingSchedule}).
 * <p>
 * Only the plain form is replaced: any JVM option on the command line, or in
 * {@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS} or {@code _JAVA_OPTIONS}, means the
 * operator chose the JVM's settings, and they are left alone. If the replacement fails,
 * portsplit says so and runs on as started.
 * <p>
 * Two callers, one decision: the jar's first stage ({@code FirstStage}) loads this class
 * and JNA straight from the jar, before Spring Boot's launcher is loaded; if that could not
 * be tried, {@code Start} does it with the JNA of the daemon's class path.
 */
public final class DaemonJvm {

	/** Why each: {@code bin/portsplit} and the README's Performance section. */
	static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
			"-XX:ReservedCodeCacheSize=32m", "-Djdk.reflect.useNativeAccessorOnly=true");

	static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

	static final String LIBRARY_PATH_PROPERTY = "jna.platform.library.path";

	/**
	 * Where JNA looks for libraries other than libc (pty4j's, libsystemd). Without it JNA
	 * starts its search path with the output of {@code ldconfig -p}: a process started and
	 * waited for, once in each JVM. Set in the first JVM and passed on to the daemon's.
	 */
	static final String STANDARD_LIBRARY_DIRECTORIES = "/usr/lib/"
		.concat(System.getProperty("os.arch", "").replace("amd64", "x86_64"))
		.concat("-linux-gnu:/lib:/usr/lib:/lib64:/usr/lib64");

	/** Set in the first JVM once the first stage has loaded JNA for the switch, so that it is not tried twice. */
	static final String TRIED_PROPERTY = "portsplit.switch.tried";

	/** Read by the JDK at the JVM's first reflective call (JNA's), which the first stage leaves to this class. */
	private static final String NATIVE_REFLECTION_PROPERTY = "jdk.reflect.useNativeAccessorOnly";

	private DaemonJvm() {
	}

	/**
	 * Replaces this process if it is a plain {@code java -jar} of portsplit's own jar, through
	 * JNA; returns only if it is not, if the first stage already tried, or if the
	 * replacement failed.
	 */
	public static void replaceIfPlain(PrintStream err) {
		if (System.getProperty(TRIED_PROPERTY) != null) {
			return;
		}
		List<String> current = currentCommand();
		if (!isPlainOwnJar(current)) {
			return;
		}
		NativeCalls calls;
		try {
			calls = NativeCalls.load();
		}
		catch (LinkageError ex) {
			couldNotRestart(err, "JNA: ".concat(String.valueOf(ex.getMessage())));
			return;
		}
		replace(current, calls, err);
	}

	/**
	 * The same for the first stage ({@code FirstStage}), which has loaded this class and JNA
	 * from the jar without Spring Boot's launcher. A {@link LinkageError} from JNA goes to the
	 * caller, which leaves the switch to {@link #replaceIfPlain} on the daemon's class path.
	 */
	public static void replaceIfPlainFromFirstStage(PrintStream err) {
		List<String> current = currentCommand();
		if (!isPlainOwnJar(current)) {
			return;
		}
		// Core reflection's first call of each method spins method handles (JDK 18+), tens of milliseconds over
		// JNA's look-ups; JNI accessors cost nothing to set up, and this JVM lives a few tenths of a second.
		System.setProperty(NATIVE_REFLECTION_PROPERTY, "true");
		NativeCalls calls = NativeCalls.load();
		System.setProperty(TRIED_PROPERTY, "first stage");
		replace(current, calls, err);
	}

	private static boolean isPlainOwnJar(List<String> current) {
		// Only when the jar on the command line is this class's own: never a test JVM (whose command may be -jar too).
		return isPlain(current, System.getenv()) && isOwnJar(Path.of(current.get(2)));
	}

	/** Returns only on failure, having said why: neither caller tries again. */
	private static void replace(List<String> current, NativeCalls calls, PrintStream err) {
		try {
			closeOnExec(calls);
			// After closeOnExec: the in-use lock's descriptor is the one that must stay open across execve.
			Path jar = Path.of(current.get(2)).toAbsolutePath();
			CacheUse cache = StartCache.choose(jar, System.getenv(), System.getProperties(),
					Path.of(System.getProperty("user.dir", "/")), OPTIONS, ArchiveKind.current(), new EntryLease(calls));
			List<String> command = command(current, Path.of(System.getProperty("java.home")), cache,
					System.getProperty(LIBRARY_PATH_PROPERTY));
			couldNotRestart(err, exec(calls, command));
		}
		catch (RuntimeException | LinkageError ex) {
			couldNotRestart(err, String.valueOf(ex));
		}
	}

	private static void couldNotRestart(PrintStream err, String reason) {
		err.println("portsplit: could not restart the JVM with portsplit's options (".concat(reason)
			.concat("); running on with the JVM's defaults"));
	}

	/**
	 * Sets {@link #LIBRARY_PATH_PROPERTY} unless the operator did: JNA's {@code NativeLibrary}
	 * initializer runs {@code ldconfig -p} when it is unset, so this comes before JNA loads.
	 */
	static void defaultLibraryPath() {
		if (System.getProperty(LIBRARY_PATH_PROPERTY) == null) {
			System.setProperty(LIBRARY_PATH_PROPERTY, STANDARD_LIBRARY_DIRECTORIES);
		}
	}

	/**
	 * Whether {@code current} ({@code /proc/self/cmdline}, argument 0 first) is the plain
	 * form, {@code java -jar FILE.jar ARGS} with no option variable set. The cache's own
	 * modes are not: {@code --portsplit-cache-prepare} trains the entry of the jar it was
	 * started with, which the switch would swap for the entry's extracted copy.
	 */
	static boolean isPlain(List<String> current, Map<String, String> environment) {
		if (current.size() < 3 || !current.get(1).equals("-jar") || !current.get(2).endsWith(".jar")) {
			return false;
		}
		if (current.size() == 4
				&& (current.get(3).equals(CachePrepare.ARGUMENT) || current.get(3).equals(CacheTraining.ARGUMENT))) {
			return false;
		}
		for (String variable : OPTION_VARIABLES) {
			String value = environment.get(variable);
			if (value != null && !value.isBlank()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The command to replace the plain {@code current} with. Here and in what it calls, strings
	 * are joined with {@code concat} and no lambda is written: the first invokedynamic
	 * {@code +} or lambda of a JVM bootstraps the method-handle machinery, which costs the
	 * short-lived first JVM tens of milliseconds.
	 */
	static List<String> command(List<String> current, Path javaHome, CacheUse cache, String libraryPath) {
		Path jar = Path.of(current.get(2)).toAbsolutePath();
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(OPTIONS);
		command.addAll(cache.options(jar));
		command.add("-D".concat(LIBRARY_PATH_PROPERTY).concat("=").concat(libraryPath));
		command.add("-jar");
		command.add(cache.uses() ? cache.jar(jar).toString() : current.get(2));
		command.addAll(current.subList(3, current.size()));
		return command;
	}

	private static boolean isOwnJar(Path jar) {
		try {
			// "jar:nested:/abs/portsplit.jar/!BOOT-INF/classes/!/" from Spring Boot's launcher, "file:/abs/x.jar" unpacked
			String source = String.valueOf(DaemonJvm.class.getProtectionDomain().getCodeSource().getLocation());
			return source.contains(jar.toAbsolutePath().normalize().toString());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	static List<String> currentCommand() {
		try {
			String raw = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
			List<String> arguments = new ArrayList<>(List.of(raw.split("\0", -1)));
			if (!arguments.isEmpty() && arguments.get(arguments.size() - 1).isEmpty()) {
				arguments.remove(arguments.size() - 1);
			}
			return arguments;
		}
		catch (IOException | RuntimeException ex) {
			return List.of(); // not Linux: left as started
		}
	}

	/** Returns only on failure, with the reason. */
	private static String exec(NativeCalls calls, List<String> command) {
		// A thread's blocked signals survive execve; the JVM blocks some in its threads, and the new JVM
		// must see SIGHUP and SIGTERM as a freshly started one does.
		calls.unblockSignals();
		System.out.flush();
		System.err.flush();
		return calls.execv(command);
	}

	/** Descriptors the JVM opened without close-on-exec (the jar, for one) are not the new JVM's business. */
	static void closeOnExec(NativeCalls calls) {
		if (!calls.closeOnExecFrom(3)) {
			closeEachOnExec(calls);
		}
	}

	/** The same one descriptor at a time, where the kernel or libc cannot mark them all in one call. */
	static void closeEachOnExec(NativeCalls calls) {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
			for (Path descriptor : descriptors) {
				int fd = Integer.parseInt(descriptor.getFileName().toString());
				if (fd > 2) {
					calls.closeOnExec(fd);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// at worst a few descriptors stay open in the new JVM, unused
		}
	}
}
