package io.portsplit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for Spring Integration's blocking accept loops, and for the actions that must
 * not run on a shared thread (an exec connection's program, a backend name lookup).
 * Unbounded in count because {@code maxconn} bounds the clients; small stacks because
 * none of them does deep work. Clients waiting for their first bytes have no thread here:
 * they wait in the {@code FirstBytesWaiter}.
 */
final class ConnectionReaders {

	private static final long STACK_BYTES = 256 * 1024;

	private ConnectionReaders() {
	}

	static ExecutorService create() {
		AtomicInteger sequence = new AtomicInteger();
		ThreadFactory factory = task -> {
			Thread thread = new Thread(null, task, "reader-" + sequence.incrementAndGet(), STACK_BYTES);
			thread.setDaemon(true);
			return thread;
		};
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
	}
}
