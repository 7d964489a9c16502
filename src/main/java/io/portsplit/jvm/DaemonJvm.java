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
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Gives a plain {@code java -jar portsplit.jar ...} the JVM a small daemon wants, by
 * replacing the process with the same command plus {@link #OPTIONS} (execve: same pid,
 * parent, standard streams, environment and working directory; nothing has been opened
 * or bound yet). A jar's manifest cannot carry JVM options, and the JVM's defaults are
 * sized for the machine, not for a proxy: on the 2-core, 24 GB bench machine they cost
 * 1.7× the idle memory, 1.5× the CPU per short connection and a slower start (README,
 * Performance).
 * <p>
 * Only the plain form is replaced: any JVM option on the command line, or in
 * {@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS} or {@code _JAVA_OPTIONS}, means the
 * operator chose the JVM's settings, and they are left alone. When {@code bin/portsplit
 * --prepare} has left a class-data archive beside the jar, newer than the jar, the new
 * command uses it. If the replacement fails, portsplit says so and runs on as started.
 */
public final class DaemonJvm {

	/** Why each: {@code bin/portsplit} and the README's Performance section. */
	static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
			"-XX:ReservedCodeCacheSize=32m");

	static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

	/** Where {@code bin/portsplit --prepare} leaves the unpacked jar and its archive, beside the jar. */
	static final String EXTRACTED_SUFFIX = ".extracted";

	static final String ARCHIVE_NAME = "portsplit.jsa";

	private static final String JNA_PLATFORM_PATH = "jna.platform.library.path";

	/** Where JNA looks for other libraries in this JVM if the replacement fails (pty4j's, for one). */
	private static final String STANDARD_LIBRARY_DIRECTORIES = "/usr/lib/" + System.getProperty("os.arch", "")
			.replace("amd64", "x86_64") + "-linux-gnu:/lib:/usr/lib:/lib64:/usr/lib64";

	private static final int SIG_SETMASK = 2;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private DaemonJvm() {
	}

	/**
	 * Replaces this process if it is a plain {@code java -jar} of portsplit's own jar;
	 * returns only if it is not, or if the replacement failed.
	 */
	public static void replaceIfPlain(PrintStream err) {
		List<String> current = currentCommand();
		// Only when the jar on the command line is this class's own: never a test JVM (whose command may be -jar too).
		if (current.size() < 3 || !isOwnJar(Path.of(current.get(2)))) {
			return;
		}
		Optional<List<String>> replacement = command(current, System.getenv(), Path.of(System.getProperty("java.home")));
		if (replacement.isEmpty()) {
			return;
		}
		String failure = exec(replacement.get());
		err.println("portsplit: could not restart the JVM with portsplit's options (" + failure
				+ "); running on with the JVM's defaults");
	}

	/**
	 * The command to replace {@code current} with ({@code /proc/self/cmdline}, argument 0
	 * first), or empty if it is to be left as it is.
	 */
	static Optional<List<String>> command(List<String> current, Map<String, String> environment, Path javaHome) {
		if (current.size() < 3 || !current.get(1).equals("-jar") || !current.get(2).endsWith(".jar")) {
			return Optional.empty();
		}
		for (String variable : OPTION_VARIABLES) {
			String value = environment.get(variable);
			if (value != null && !value.isBlank()) {
				return Optional.empty();
			}
		}
		String jar = current.get(2);
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(OPTIONS);
		Optional<Path> prepared = preparedJar(Path.of(jar));
		if (prepared.isPresent()) {
			Path extracted = prepared.get();
			command.add("-XX:SharedArchiveFile=" + extracted.resolveSibling(ARCHIVE_NAME));
			// A stale or foreign archive is not an error: the JVM then loads classes as usual, without a warning.
			command.add("-Xlog:cds=off");
			command.add("-Xlog:cds+dynamic=off");
			jar = extracted.toString();
		}
		command.add("-jar");
		command.add(jar);
		command.addAll(current.subList(3, current.size()));
		return Optional.of(command);
	}

	/** The unpacked jar beside {@code jar}, if {@code --prepare} made one and its archive is no older than the jar. */
	static Optional<Path> preparedJar(Path jar) {
		Path directory = jar.resolveSibling(stripJar(jar.getFileName().toString()) + EXTRACTED_SUFFIX);
		Path extracted = directory.resolve(jar.getFileName());
		Path archive = directory.resolve(ARCHIVE_NAME);
		try {
			if (Files.isRegularFile(extracted) && Files.size(archive) > 0
					&& Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
				return Optional.of(extracted);
			}
		}
		catch (IOException ex) {
			// no archive, or not readable: run from the jar itself
		}
		return Optional.empty();
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

	private static String stripJar(String name) {
		return name.substring(0, name.length() - ".jar".length());
	}

	private static List<String> currentCommand() {
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
	private static String exec(List<String> command) {
		LibC libc;
		try {
			// JNA's library search path would otherwise start with the output of "ldconfig -p": a process started
			// and waited for on every start. libc is loaded by its file name, which needs no search at all.
			if (System.getProperty(JNA_PLATFORM_PATH) == null) {
				System.setProperty(JNA_PLATFORM_PATH, STANDARD_LIBRARY_DIRECTORIES);
			}
			libc = Native.load("libc.so.6", LibC.class);
		}
		catch (LinkageError ex) {
			return "JNA: " + ex.getMessage();
		}
		closeOnExec(libc);
		// A thread's blocked signals survive execve; the JVM blocks some in its threads, and the new JVM
		// must see SIGHUP and SIGTERM as a freshly started one does.
		Memory empty = new Memory(128);
		empty.clear();
		libc.sigprocmask(SIG_SETMASK, empty, null);
		System.out.flush();
		System.err.flush();
		libc.execv(command.get(0), command.toArray(String[]::new));
		return "execv " + command.get(0) + ": errno " + Native.getLastError();
	}

	/** Descriptors the JVM opened without close-on-exec (the jar, for one) are not the new JVM's business. */
	private static void closeOnExec(LibC libc) {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
			for (Path descriptor : descriptors) {
				int fd = Integer.parseInt(descriptor.getFileName().toString());
				if (fd > 2) {
					libc.fcntl(fd, F_SETFD, FD_CLOEXEC);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// at worst a few descriptors stay open in the new JVM, unused
		}
	}

	/** The libc functions needed. */
	public interface LibC extends Library {

		int execv(String path, String[] argv);

		int fcntl(int fd, int command, int argument);

		int sigprocmask(int how, Pointer set, Pointer old);
	}
}
