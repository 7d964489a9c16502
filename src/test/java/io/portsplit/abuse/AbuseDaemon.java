package io.portsplit.abuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.PortsplitProcess;

/**
 * The packaged jar under abuse: started on a configuration with a pid file (written once
 * every bind listens), measured through {@code /proc} and {@code jcmd}, killed for sure on
 * {@link #close()}. Connection logging stays on, as an operator runs it, so the abuse goes
 * through the same code as in production.
 */
final class AbuseDaemon implements AutoCloseable {

	/** Start-up of a Spring Boot JVM on a busy two-core machine. */
	static final Duration START = Duration.ofSeconds(120);

	private final PortsplitProcess process;

	private final ProcessMeter meter;

	private AbuseDaemon(PortsplitProcess process) {
		this.process = process;
		this.meter = new ProcessMeter(process.pid());
	}

	/** Starts portsplit on {@code services} (the text after the global options) bound to {@code port}. */
	static AbuseDaemon start(Path dir, int port, String globals, String services) throws IOException {
		return startUnder(dir, List.of(), port, globals, services);
	}

	/** Like {@link #start}, with java started by {@code wrapper} (see {@link PortsplitProcess#runUnder}). */
	static AbuseDaemon startUnder(Path dir, List<String> wrapper, int port, String globals, String services)
			throws IOException {
		Path pid = dir.resolve("portsplit-" + port + ".pid");
		Path config = ConfigFiles.write(dir,
				ConfigFiles.bind(port) + "pid = " + pid.toAbsolutePath() + "\n" + globals + services);
		List<String> args = new ArrayList<>();
		args.add("--config=" + config.toAbsolutePath());
		// No management server: its Tomcat would only add threads and descriptors to the counts.
		args.add("--server.port=-1");
		AbuseDaemon daemon = new AbuseDaemon(PortsplitProcess.runUnder(dir, wrapper, args.toArray(String[]::new)));
		try {
			daemon.awaitFile(pid);
		}
		catch (AssertionError | RuntimeException ex) {
			daemon.close();
			throw ex;
		}
		return daemon;
	}

	private void awaitFile(Path pid) {
		try {
			Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
				assertAlive();
				return Files.isRegularFile(pid) && Files.size(pid) > 0;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(pid + " not written within " + START + "\n" + this.process.output(), ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	ProcessMeter meter() {
		return this.meter;
	}

	HeapProbe heap() {
		return new HeapProbe(pid());
	}

	void assertAlive() {
		if (!this.process.isAlive()) {
			throw new AssertionError("portsplit died\n" + this.process.output());
		}
	}

	long stdoutLines(Predicate<String> test) {
		return this.process.stdout().lines().filter(test).count();
	}

	/** Lines of the log that no abuse should ever cause: errors and uncaught exceptions. */
	List<String> errorLines() {
		return (this.process.stdout() + this.process.stderr()).lines()
			.filter(line -> line.contains(" ERROR ") || line.contains("Exception in thread")
					|| line.contains("OutOfMemoryError"))
			.toList();
	}

	String output() {
		return this.process.output();
	}

	@Override
	public void close() {
		List<ProcessHandle> children = ProcessHandle.of(pid()).map(h -> h.descendants().toList()).orElse(List.of());
		try {
			this.process.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			children.forEach(ProcessHandle::destroyForcibly);
		}
	}
}
