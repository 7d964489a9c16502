package io.portsplit.listen;

import java.util.concurrent.Executor;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * The executor a {@link BindListener} hands its accept loop and its connections to.
 * <p>
 * A new connection is first given one non-blocking try on the accept thread itself: a
 * client whose first bytes have already arrived (most clients, and all of them under
 * load) is read, decided, routed and handed to its action there. A client that has not
 * sent enough yet waits in the {@link FirstBytesWaiter}, one selector thread for all of
 * them, which does the same read and dispatch when it is readable or its deadline
 * passes. No client has a thread of its own before its decision.
 * <p>
 * Accept threads and the waiter's are shared: nothing on them may block. Actions that
 * could (starting a program, resolving a host name) check {@link #onSharedThread()} and
 * move to a thread of their own.
 */
public final class AcceptThenRead implements Executor {

	private static final ThreadLocal<Boolean> SHARED = new ThreadLocal<>();

	private final Executor threads;

	private final FirstBytesWaiter waiter;

	/**
	 * @param threads where the accept loop runs
	 * @param waiter where clients wait for their first bytes
	 */
	public AcceptThenRead(Executor threads, FirstBytesWaiter waiter) {
		this.threads = threads;
		this.waiter = waiter;
	}

	/** Whether this thread serves many clients (an accept loop, the waiter) and must not block on anyone's behalf. */
	public static boolean onSharedThread() {
		return SHARED.get() != null;
	}

	/** Marks the calling thread as shared, for as long as it lives. */
	static void markShared() {
		SHARED.set(Boolean.TRUE);
	}

	@Override
	public void execute(Runnable task) {
		LeadingBytesConnection connection = connectionOf(task);
		if (connection == null) {
			// The accept loop itself.
			this.threads.execute(() -> {
				markShared();
				try {
					task.run();
				}
				finally {
					SHARED.remove();
				}
			});
			return;
		}
		if (!connection.tryWithoutBlocking()) {
			this.waiter.add(connection);
		}
	}

	private static LeadingBytesConnection connectionOf(Runnable task) {
		Object current = task;
		while (current instanceof TcpConnectionInterceptorSupport interceptor) {
			current = interceptor.getTheConnection();
		}
		return (current instanceof TcpConnectionSupport && current instanceof LeadingBytesConnection connection)
				? connection : null;
	}
}
