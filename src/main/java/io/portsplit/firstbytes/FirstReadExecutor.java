package io.portsplit.firstbytes;

import java.util.concurrent.Executor;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

import io.portsplit.threads.SharedThreads;
import io.portsplit.threads.TaskThreads;

/**
 * The executor a listener hands its accept loop and its connections to.
 * <p>
 * The accept loop gets a task thread of its own, named for its bind. A new connection
 * then gets one non-blocking try on the accept thread itself: a client whose first bytes
 * have already arrived (most clients, and all of them under load) is read, decided,
 * routed and handed to its action there. A client that has not sent enough yet waits in
 * the {@link FirstBytesWaiter}, one selector thread for all of them. No client has a
 * thread of its own before its decision.
 */
public final class FirstReadExecutor implements Executor {

	private final TaskThreads threads;

	private final String acceptThreadName;

	private final FirstBytesWaiter waiter;

	/**
	 * @param threads where the accept loop runs
	 * @param acceptThreadName what its thread is called while it accepts: {@code accept 127.0.0.1:9090}
	 * @param waiter where clients wait for their first bytes
	 */
	public FirstReadExecutor(TaskThreads threads, String acceptThreadName, FirstBytesWaiter waiter) {
		this.threads = threads;
		this.acceptThreadName = acceptThreadName;
		this.waiter = waiter;
	}

	@Override
	public void execute(Runnable task) {
		FirstBytesConnection connection = connectionOf(task);
		if (connection == null) {
			// The accept loop itself: it serves every client of its bind, so nothing on it may block.
			this.threads.execute(this.acceptThreadName, () -> {
				SharedThreads.enter();
				try {
					task.run();
				}
				finally {
					SharedThreads.leave();
				}
			});
			return;
		}
		if (!connection.tryWithoutBlocking()) {
			this.waiter.add(connection);
		}
	}

	private static FirstBytesConnection connectionOf(Runnable task) {
		Object current = task;
		while (current instanceof TcpConnectionInterceptorSupport interceptor) {
			current = interceptor.getTheConnection();
		}
		return (current instanceof TcpConnectionSupport && current instanceof FirstBytesConnection connection)
				? connection : null;
	}
}
