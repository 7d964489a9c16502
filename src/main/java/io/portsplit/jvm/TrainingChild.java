package io.portsplit.jvm;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the training's steps, one child process at a time, each bounded by the training's
 * deadline and killed when the daemon stops ({@link #stop()}, from a shutdown hook). A
 * child is killed outright (SIGKILL): a training run asked to stop politely would still
 * write its archive as it exits, and nothing of an interrupted training is kept anyway.
 * <p>
 * A child gets a trimmed environment: nothing of the operator's Spring or JVM settings
 * (a {@code SERVER_PORT} would make the training run's management server collide with
 * the daemon's), and no {@code NOTIFY_SOCKET}: systemd is to hear from the daemon only.
 * Its standard input is a pipe the daemon never writes to: the training run ends itself
 * when it reads end of file, which is how it learns that the daemon is gone, even killed.
 */
final class TrainingChild {

	/** What a child keeps of the environment: finding programs and files, and the language of its messages. */
	private static final Set<String> KEPT_VARIABLES = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
			"LC_CTYPE", "TMPDIR", "TZ");

	/** SIGKILL takes effect at once; the bound only keeps a wedged kernel from holding the trainer forever. */
	private static final Duration KILLED = Duration.ofSeconds(10);

	private Process process;

	private boolean stopped;

	/** Thrown when the daemon stops during a step. */
	static final class Stopped extends Exception {

		private static final long serialVersionUID = 1L;

		Stopped() {
			super("stopped", null, false, false);
		}
	}

	/**
	 * Runs {@code command} in {@code directory}, its output appended to {@code log}, until
	 * it exits or {@code deadline} ({@link System#nanoTime()}) passes.
	 * @return its exit status, or -1 if the deadline killed it
	 */
	int run(List<String> command, Path directory, Path log, long deadline)
			throws IOException, InterruptedException, Stopped {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		builder.environment().keySet().retainAll(KEPT_VARIABLES);
		Process started;
		synchronized (this) {
			if (this.stopped) {
				throw new Stopped();
			}
			started = builder.start();
			this.process = started;
		}
		try (OutputStream standardInput = started.getOutputStream()) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !started.waitFor(left, TimeUnit.NANOSECONDS)) {
				started.destroyForcibly().waitFor(KILLED.toMillis(), TimeUnit.MILLISECONDS);
				synchronized (this) {
					if (this.stopped) {
						throw new Stopped();
					}
				}
				return -1;
			}
			synchronized (this) {
				if (this.stopped) {
					throw new Stopped();
				}
			}
			return started.exitValue();
		}
		finally {
			synchronized (this) {
				this.process = null;
			}
		}
	}

	/** Kills the running step, if any, and refuses any further one. */
	void stop() {
		Process running;
		synchronized (this) {
			this.stopped = true;
			running = this.process;
		}
		if (running != null) {
			running.destroyForcibly();
		}
	}

	/** {@code nice -n 10} where there is a {@code nice}: the daemon's own work comes first on a busy machine. */
	static List<String> nicePrefix() {
		for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
			if (new File(nice).canExecute()) {
				return List.of(nice, "-n", "10");
			}
		}
		return List.of();
	}
}
