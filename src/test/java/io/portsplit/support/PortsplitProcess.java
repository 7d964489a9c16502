package io.portsplit.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged jar ({@code -Dportsplit.jar}) run as its own process, as an operator runs it,
 * started by {@link Launch}. Standard output and error go to files in the test's directory,
 * so they can be read at any time and a chatty process never blocks on a full pipe. Signals
 * are real ones, sent with kill(1). {@link #close()} kills it and everything it started.
 */
public final class PortsplitProcess implements AutoCloseable {

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private final Path configFile;

	private final Path pidFile;

	private PortsplitProcess(Process process, Path stdout, Path stderr, Path configFile, Path pidFile) {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
		this.configFile = configFile;
		this.pidFile = pidFile;
	}

	/** The packaged jar that failsafe names; the suites of the packaged jar run after {@code package}. */
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

	/** {@code WRAPPER JAVA JVM-OPTIONS -jar JAR ARGS} in {@code dir}; {@code java} null for this JVM's. */
	static PortsplitProcess start(Path dir, List<String> wrapper, Path java, List<String> jvmOptions, Path jar,
			List<String> args, Path configFile, Path pidFile) throws IOException {
		List<String> command = new ArrayList<>(wrapper);
		command.add(((java != null) ? java : Path.of(System.getProperty("java.home"), "bin", "java")).toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(args);
		Path out = Files.createTempFile(dir, "stdout-", ".txt");
		Path err = Files.createTempFile(dir, "stderr-", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command);
		// The JVM's options are the test's: none slip in from the environment.
		builder.environment().keySet().removeAll(List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"));
		Process process = builder.directory(dir.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		return new PortsplitProcess(process, out, err, configFile, pidFile);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Fails, with what it printed, if the process has exited. */
	public void assertAlive() {
		if (!this.process.isAlive()) {
			throw new AssertionError("portsplit exited (" + this.process.exitValue() + ")\n" + output());
		}
	}

	/** The configuration file it was started on, by absolute path, as portsplit names it in messages. */
	public Path configFile() {
		return this.configFile;
	}

	/** Replaces the configuration file's content; it applies at the next reload. */
	public void rewrite(String text) {
		ConfigFiles.overwrite(this.configFile, text);
	}

	public Path pidFile() {
		return this.pidFile;
	}

	/** The pid file's content, trimmed, read without following a link. */
	public String pidFileContent() throws IOException {
		if (!Files.isRegularFile(this.pidFile, LinkOption.NOFOLLOW_LINKS)) {
			throw new AssertionError(this.pidFile + " is not a regular file");
		}
		return Files.readString(this.pidFile, StandardCharsets.US_ASCII).trim();
	}

	/** Waits until it is ready: the pid file is written, which portsplit does once every bind listens. */
	public void awaitReady() {
		awaitReady(Waits.POLL);
	}

	/**
	 * Waits until the pid file is a regular file with content, looking every {@code pollInterval}
	 * from the start, for at most {@link Waits#START}. A regular file, not merely a path that
	 * exists: a link planted at the path would pass for that.
	 */
	public void awaitReady(Duration pollInterval) {
		try {
			Awaitility.await().atMost(Waits.START).pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit exited before writing " + this.pidFile + "\n" + output());
				}
				return Files.isRegularFile(this.pidFile, LinkOption.NOFOLLOW_LINKS) && Files.size(this.pidFile) > 0;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.pidFile + " not written within " + Waits.START + "\n" + output(), ex);
		}
	}

	/**
	 * Waits until the whole start is over: the management context has started too (its
	 * "started" line), not only the core that serves. Counts of threads and descriptors taken
	 * before would miss the management side's, and a flood sent while it starts can make it fail.
	 */
	public void awaitStarted() {
		try {
			Awaitility.await().atMost(Waits.START).pollInterval(Waits.POLL).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit exited during its start\n" + output());
				}
				return !stdoutLines(line -> line.contains("io.portsplit.PortsplitLauncher") && line.contains(": started;"))
					.isEmpty();
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("portsplit's start not over within " + Waits.START + "\n" + output(), ex);
		}
	}

	public String stdout() {
		return read(this.stdout);
	}

	public String stderr() {
		return read(this.stderr);
	}

	/** Both outputs, for failure messages. */
	public String output() {
		return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
	}

	/** The lines of standard output, where portsplit logs, for which {@code test} holds. */
	public List<String> stdoutLines(Predicate<String> test) {
		return stdout().lines().filter(test).toList();
	}

	/** Lines of either output that no test should ever cause: errors and uncaught exceptions. */
	public List<String> errorLines() {
		return (stdout() + stderr()).lines()
			.filter(line -> line.contains(" ERROR ") || line.contains("Exception in thread")
					|| line.contains("OutOfMemoryError"))
			.toList();
	}

	/** Waits until standard output has a line for which {@code test} holds, and returns it. */
	public String awaitStdoutLine(Predicate<String> test, Duration timeout) {
		try {
			return Awaitility.await().atMost(timeout).pollInterval(Waits.POLL).until(() -> {
				Optional<String> line = stdout().lines().filter(test).findFirst();
				if (line.isEmpty() && !this.process.isAlive()) {
					throw new AssertionError("portsplit exited (" + this.process.exitValue() + ")\n" + output());
				}
				return line.orElse(null);
			}, line -> line != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no matching line on stdout within " + timeout + "\n" + output(), ex);
		}
	}

	/** Sends a signal by name ({@code TERM}, {@code HUP}, …); fails if kill(1) does. */
	public void signal(String name) throws IOException, InterruptedException {
		if (!kill(name)) {
			throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
		}
	}

	/**
	 * Sends a signal by name, and says whether it was delivered: false once the process has
	 * exited. Not sent at all once the JVM has seen it exit: its pid may be another process's by then.
	 */
	public boolean signalIfAlive(String name) throws IOException, InterruptedException {
		return this.process.isAlive() && kill(name);
	}

	private boolean kill(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!kill.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
			kill.destroyForcibly();
			throw new IllegalStateException("kill -" + name + " did not return");
		}
		return kill.exitValue() == 0;
	}

	/** SIGHUP, then waits for the reload to be applied; returns its log line. */
	public String reload() throws IOException, InterruptedException {
		String line = hangUp();
		if (!line.contains("reloaded ")) {
			throw new AssertionError("reload was not applied: " + line + "\n" + output());
		}
		return line;
	}

	/** SIGHUP, then waits for the reload to be refused; returns its log line. */
	public String reloadExpectingFailure() throws IOException, InterruptedException {
		String line = hangUp();
		if (!line.contains("reload failed")) {
			throw new AssertionError("reload was expected to fail: " + line + "\n" + output());
		}
		return line;
	}

	/** Sends SIGHUP and returns the log line of the reload it caused, applied or failed. */
	private String hangUp() throws IOException, InterruptedException {
		Predicate<String> outcome = line -> line.contains("reloaded ") || line.contains("reload failed");
		int before = stdoutLines(outcome).size();
		signal("HUP");
		try {
			return Awaitility.await().atMost(Waits.SIGNAL).pollInterval(Waits.POLL).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit died on SIGHUP\n" + output());
				}
				List<String> outcomes = stdoutLines(outcome);
				return (outcomes.size() > before) ? outcomes.get(before) : null;
			}, line -> line != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no reload outcome logged within " + Waits.SIGNAL + "\n" + output(), ex);
		}
	}

	/** Sends {@code signal} and returns the exit code, which must come within {@link Waits#SIGNAL}. */
	public int stopWith(String signal) throws IOException, InterruptedException {
		signal(signal);
		return awaitExit(Waits.SIGNAL);
	}

	/** The exit code, waiting at most {@code timeout}; fails, saying what it printed, if still running. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("portsplit still running after " + timeout + "\n" + output());
		}
		return this.process.exitValue();
	}

	/**
	 * Kills it for sure, and every process it started that still runs, programs that ignore
	 * SIGHUP and their children included; a test that stopped it already changes nothing.
	 */
	@Override
	public void close() throws InterruptedException {
		List<ProcessHandle> descendants = this.process.descendants().toList();
		try {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
				if (!this.process.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("portsplit " + pid() + " survived SIGKILL");
				}
			}
		}
		finally {
			ChildProcesses.kill(descendants);
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
