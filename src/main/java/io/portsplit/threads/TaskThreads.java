package io.portsplit.threads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool for work that holds a thread for a while: each bind's accept loop, a backend
 * name being resolved, an exec program's copies. Each task names its thread for what it
 * does while it runs ({@code accept 127.0.0.1:9090}, {@code exec c42}), so a thread dump
 * or {@code top -H} says what every thread is busy with; an idle thread is {@code task-N}.
 * <p>
 * Unbounded in count because {@code maxconn} bounds the clients; small stacks because none
 * of this is deep work. Clients waiting for their first bytes and relayed connections have
 * no thread here: they wait on selectors ({@code FirstBytesWaiter}, {@code RelayLoop}).
 */
public final class TaskThreads implements Executor, AutoCloseable {

	private static final long STACK_BYTES = 256 * 1024;

	private final ThreadPoolExecutor pool;

	/** @param idleTimeout how long a thread with nothing to do stays for the next task */
	public TaskThreads(Duration idleTimeout) {
		AtomicInteger sequence = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, idleTimeout.toMillis(), TimeUnit.MILLISECONDS,
				new SynchronousQueue<>(), task -> {
					Thread thread = new Thread(null, task, "task-" + sequence.incrementAndGet(), STACK_BYTES);
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Runs {@code task} on a pool thread named {@code name} while it runs. */
	public void execute(String name, Runnable task) {
		this.pool.execute(() -> {
			Thread thread = Thread.currentThread();
			String idle = thread.getName();
			thread.setName(name);
			try {
				task.run();
			}
			finally {
				thread.setName(idle);
			}
		});
	}

	/** A task without a name of its own. */
	@Override
	public void execute(Runnable task) {
		this.pool.execute(task);
	}

	/** Threads alive now, busy or idle. */
	public int threads() {
		return this.pool.getPoolSize();
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}
}
