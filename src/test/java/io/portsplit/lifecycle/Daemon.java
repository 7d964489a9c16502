package io.portsplit.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.PortsplitProcess;

/**
 * A portsplit daemon for the lifecycle suites: the packaged jar run on one configuration
 * file with a pid file, started and ready (its pid file written, which README "Signals and lifecycle" does once
 * every bind listens), reloaded with real SIGHUPs and stopped with real signals. Waits are
 * generous, since the build machine is shared, but every one is bounded.
 */
final class Daemon implements AutoCloseable {

	/** Start-up of a Spring Boot JVM on a busy two-core machine. */
	static final Duration START = Duration.ofSeconds(120);

	/** A reload, or a stop, from the signal to its log line or exit. */
	static final Duration SIGNAL = Duration.ofSeconds(30);

	private final PortsplitProcess process;

	private final Path config;

	private final Path pidFile;

	private Daemon(PortsplitProcess process, Path config, Path pidFile) {
		this.process = process;
		this.config = config;
		this.pidFile = pidFile;
	}

	/** The {@code pid} line for {@code pidFile}, by absolute path. */
	static String pidLine(Path pidFile) {
		return "pid = " + pidFile.toAbsolutePath() + "\n";
	}

	/**
	 * Starts portsplit on {@code config} (which should name {@code pidFile} in a
	 * {@code pid} line) and waits until the pid file is there.
	 */
	static Daemon start(Path dir, Path config, Path pidFile, String... extraArgs) throws IOException {
		Daemon daemon = launch(dir, config, pidFile, extraArgs);
		try {
			daemon.awaitPidFile(Duration.ofMillis(50));
		}
		catch (AssertionError | RuntimeException ex) {
			daemon.closeQuietly();
			throw ex;
		}
		return daemon;
	}

	/** Starts portsplit on {@code config} and returns at once; see {@link #awaitPidFile}. */
	static Daemon launch(Path dir, Path config, Path pidFile, String... extraArgs) throws IOException {
		List<String> args = new ArrayList<>();
		args.add("--config=" + config.toAbsolutePath());
		args.addAll(List.of(extraArgs));
		return new Daemon(PortsplitProcess.daemon(dir, args.toArray(String[]::new)), config, pidFile);
	}

	/**
	 * Waits until the pid file is a regular file with content, checking every
	 * {@code pollInterval}, for at most {@link #START}. Not
	 * {@link PortsplitProcess#awaitFile}: a link planted at the path would pass for it.
	 */
	void awaitPidFile(Duration pollInterval) {
		try {
			Awaitility.await().atMost(START).pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit exited before writing " + this.pidFile + "\n"
							+ this.process.output());
				}
				return Files.isRegularFile(this.pidFile, LinkOption.NOFOLLOW_LINKS) && Files.size(this.pidFile) > 0;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.pidFile + " not written within " + START + "\n" + this.process.output(), ex);
		}
	}

	PortsplitProcess process() {
		return this.process;
	}

	long pid() {
		return this.process.pid();
	}

	Path config() {
		return this.config;
	}

	/** The configuration file as the daemon names it in messages (the path it was given). */
	String configName() {
		return this.config.toAbsolutePath().toString();
	}

	Path pidFile() {
		return this.pidFile;
	}

	/** Replaces the configuration file's content; takes effect at the next reload. */
	void rewrite(String text) {
		ConfigFiles.overwrite(this.config, text);
	}

	/** SIGHUP, then waits for the reload to be applied; returns its log line. */
	String reload() throws IOException, InterruptedException {
		String line = hangUp();
		if (!line.contains("reloaded ")) {
			throw new AssertionError("reload was not applied: " + line + "\n" + this.process.output());
		}
		return line;
	}

	/** SIGHUP, then waits for the reload to be refused; returns its log line. */
	String reloadExpectingFailure() throws IOException, InterruptedException {
		String line = hangUp();
		if (!line.contains("reload failed")) {
			throw new AssertionError("reload was expected to fail: " + line + "\n" + this.process.output());
		}
		return line;
	}

	/** Sends SIGHUP and returns the log line of the reload it caused, applied or failed. */
	private String hangUp() throws IOException, InterruptedException {
		int before = reloadOutcomes().size();
		this.process.signal("HUP");
		try {
			return Awaitility.await().atMost(SIGNAL).pollInterval(Duration.ofMillis(50)).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("portsplit died on SIGHUP\n" + this.process.output());
				}
				List<String> outcomes = reloadOutcomes();
				return (outcomes.size() > before) ? outcomes.get(before) : null;
			}, line -> line != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no reload outcome logged within " + SIGNAL + "\n" + this.process.output(), ex);
		}
	}

	private List<String> reloadOutcomes() {
		return stdoutLines(line -> line.contains("reloaded ") || line.contains("reload failed"));
	}

	List<String> stdoutLines(Predicate<String> test) {
		return this.process.stdout().lines().filter(test).toList();
	}

	/** Sends {@code signal} and returns the exit code, which must come within {@link #SIGNAL}. */
	int stopWith(String signal) throws IOException, InterruptedException {
		this.process.signal(signal);
		return this.process.awaitExit(SIGNAL);
	}

	/** The pid file's content, trimmed, read without following a link. */
	String pidFileContent() throws IOException {
		if (!Files.isRegularFile(this.pidFile, LinkOption.NOFOLLOW_LINKS)) {
			throw new AssertionError(this.pidFile + " is not a regular file");
		}
		return Files.readString(this.pidFile, StandardCharsets.US_ASCII).trim();
	}

	/** Sends a signal with kill(1), tolerating a process that has already exited. */
	boolean signalIfAlive(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
		if (!kill.waitFor(10, TimeUnit.SECONDS)) {
			kill.destroyForcibly();
			throw new IllegalStateException("kill -" + signal + " did not return");
		}
		return kill.exitValue() == 0;
	}

	private void closeQuietly() {
		try {
			close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Kills the process for sure, and any program it left running (a test that stopped it
	 * already changes nothing).
	 */
	@Override
	public void close() throws InterruptedException {
		List<ProcessHandle> children = ProcessHandle.of(pid()).map(h -> h.descendants().toList()).orElse(List.of());
		try {
			this.process.close();
		}
		finally {
			children.forEach(ProcessHandle::destroyForcibly);
		}
	}
}
