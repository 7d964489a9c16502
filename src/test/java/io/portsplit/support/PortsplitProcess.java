package io.portsplit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged jar ({@code -Dportsplit.jar}) run as its own process, as an operator runs
 * it. Standard output and error go to files in the test's directory, so they can be read
 * at any time and a chatty process can never block on a full pipe. {@link #close()}
 * kills it for sure.
 */
public final class PortsplitProcess implements AutoCloseable {

	/** Never the ops layer's fixed default port: the machine is shared. */
	public static final List<String> DEFAULT_ARGS = List.of("--server.port=0", "--management.server.port=0");

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private PortsplitProcess(Process process, Path stdout, Path stderr) {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	public static Path jar() {
		String jar = System.getProperty("portsplit.jar");
		if (jar == null) {
			throw new IllegalStateException("system property portsplit.jar is not set (run through failsafe)");
		}
		Path path = Path.of(jar);
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("no packaged jar at " + path);
		}
		return path;
	}

	/** Runs {@code java -jar portsplit.jar ARGS} in {@code dir}, exactly these arguments. */
	public static PortsplitProcess run(Path dir, String... args) throws IOException {
		return runUnder(dir, List.of(), args);
	}

	/**
	 * Like {@link #run}, with {@code java} started by {@code wrapper} (for example
	 * {@code sh -c 'ulimit -n 256; exec "$@"' sh}); the wrapper must exec java, so that
	 * {@link #pid()} is java's.
	 */
	public static PortsplitProcess runUnder(Path dir, List<String> wrapper, String... args) throws IOException {
		// Start-up flags only (quicker on two busy cores); no effect on what portsplit does. Any JVM option also
		// means the jar keeps the JVM it was started on (DaemonJvm): DaemonJvmIT tests the plain form.
		return start(dir, wrapper, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), jar(), args);
	}

	/**
	 * Runs {@code java JVM-OPTIONS -jar JAR ARGS} in {@code dir}; no JVM option at all is the
	 * operator's plain form.
	 */
	public static PortsplitProcess runJar(Path dir, List<String> jvmOptions, Path jar, String... args)
			throws IOException {
		return start(dir, List.of(), jvmOptions, jar, args);
	}

	private static PortsplitProcess start(Path dir, List<String> wrapper, List<String> jvmOptions, Path jar,
			String... args) throws IOException {
		List<String> command = new ArrayList<>(wrapper);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(List.of(args));
		Path out = Files.createTempFile(dir, "stdout-", ".txt");
		Path err = Files.createTempFile(dir, "stderr-", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command);
		// The JVM's options are the test's: none slip in from the environment.
		builder.environment().keySet().removeAll(List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"));
		Process process = builder.directory(dir.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.start();
		return new PortsplitProcess(process, out, err);
	}

	/** Runs the daemon on {@code args} plus {@link #DEFAULT_ARGS}. */
	public static PortsplitProcess daemon(Path dir, String... args) throws IOException {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(DEFAULT_ARGS);
		return run(dir, all.toArray(String[]::new));
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String stdout() {
		return read(this.stdout);
	}

	public String stderr() {
		return read(this.stderr);
	}

	/** Sends a signal by name ({@code TERM}, {@code HUP}, …) with kill(1). */
	public void signal(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			kill.destroyForcibly();
			throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
		}
	}

	/** The exit code, waiting at most {@code timeout}; fails (and says what it printed) if still running. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("portsplit still running after " + timeout + "\n" + output());
		}
		return this.process.exitValue();
	}

	/** Waits until standard output has a line for which {@code test} holds, and returns it. */
	public String awaitStdoutLine(Predicate<String> test, Duration timeout) {
		try {
			return Awaitility.await()
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					if (!this.process.isAlive()) {
						return firstLine(test).orElseThrow(
								() -> new AssertionError("portsplit exited (" + this.process.exitValue() + ")\n" + output()));
					}
					return firstLine(test).orElse(null);
				}, line -> line != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no matching line on stdout within " + timeout + "\n" + output(), ex);
		}
	}

	/** Waits until {@code file} exists (for the pid file, written once every bind listens). */
	public void awaitFile(Path file, Duration timeout) {
		try {
			Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit exited (" + this.process.exitValue() + ")\n" + output());
				}
				return Files.exists(file);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(file + " not written within " + timeout + "\n" + output(), ex);
		}
	}

	private java.util.Optional<String> firstLine(Predicate<String> test) {
		return stdout().lines().filter(test).findFirst();
	}

	/** Both outputs, for failure messages. */
	public String output() {
		return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("portsplit " + pid() + " survived SIGKILL");
			}
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
