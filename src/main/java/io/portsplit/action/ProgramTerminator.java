package io.portsplit.action;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends a program as a terminal hang-up would: SIGHUP to it and to whatever it started, then
 * SIGKILL to anything still running after a grace period, even a program that ignores
 * SIGHUP.
 */
final class ProgramTerminator implements AutoCloseable {

	private final Duration grace;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "exec-terminator");
		thread.setDaemon(true);
		return thread;
	});

	/** @param grace how long a program has to end after SIGHUP before it gets SIGKILL */
	ProgramTerminator(Duration grace) {
		this.grace = grace;
	}

	/** Runs {@code check} once a second until the returned future is cancelled. */
	ScheduledFuture<?> everySecond(Runnable check) {
		return this.timer.scheduleAtFixedRate(check, 1, 1, TimeUnit.SECONDS);
	}

	/** Hangs up now and kills after the grace period; returns at once. */
	void hangUp(Process process) {
		List<ProcessHandle> tree = tree(process);
		if (tree.isEmpty()) {
			return;
		}
		tree.forEach(handle -> ProcessSignals.send(handle.pid(), ProcessSignals.SIGHUP));
		this.timer.schedule(() -> kill(tree), this.grace.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Hangs up and waits out the grace period before killing: for shutdown, where nothing may be left. */
	void hangUpAndWait(List<Process> processes) {
		List<ProcessHandle> all = processes.stream().flatMap(p -> tree(p).stream()).toList();
		all.forEach(handle -> ProcessSignals.send(handle.pid(), ProcessSignals.SIGHUP));
		long deadline = System.nanoTime() + this.grace.toNanos();
		for (ProcessHandle handle : all) {
			long left = deadline - System.nanoTime();
			if (left > 0) {
				handle.onExit().completeOnTimeout(handle, left, TimeUnit.NANOSECONDS).join();
			}
		}
		kill(all);
	}

	private static void kill(List<ProcessHandle> handles) {
		handles.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	/**
	 * The program and its descendants, taken while it is alive so that its children can
	 * still be found. Nothing once the program has exited: its pid may already be
	 * another process's (a session can hang up after its program was reaped).
	 */
	private static List<ProcessHandle> tree(Process process) {
		if (!process.isAlive()) {
			return List.of();
		}
		// By pid: pty4j's processes do not implement Process.toHandle().
		return ProcessHandle.of(process.pid())
			.filter(ProcessHandle::isAlive)
			.map(handle -> Stream.concat(Stream.of(handle), handle.descendants()).toList())
			.orElse(List.of());
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}
}
