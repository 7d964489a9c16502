package io.portsplit.listen;

import java.util.concurrent.Executor;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * The executor a {@link BindListener} hands its accept loop and its connections to.
 * <p>
 * A new connection is first given one non-blocking try on the accept thread itself: a
 * client whose first bytes have already arrived (most clients, and all of them under
 * load) is read, decided, routed and handed to its action there, and never costs a
 * reader thread, nor the two thread wake-ups of handing it to one and back. Only a
 * client that has not sent enough yet gets a reader thread for the blocking, timed
 * reads. Nothing on the accept thread may block: actions that could (starting a
 * program, resolving a host name) check {@link #onAcceptThread()} and move to a reader
 * thread themselves.
 */
public final class AcceptThenRead implements Executor {

	private static final ThreadLocal<Boolean> ACCEPTING = new ThreadLocal<>();

	private final Executor readers;

	public AcceptThenRead(Executor readers) {
		this.readers = readers;
	}

	/** Whether this thread is an accept loop, which must not block on anyone's behalf. */
	public static boolean onAcceptThread() {
		return ACCEPTING.get() != null;
	}

	@Override
	public void execute(Runnable task) {
		LeadingBytesConnection connection = connectionOf(task);
		if (connection == null) {
			// The accept loop itself.
			this.readers.execute(() -> {
				ACCEPTING.set(Boolean.TRUE);
				try {
					task.run();
				}
				finally {
					ACCEPTING.remove();
				}
			});
			return;
		}
		if (!connection.tryWithoutBlocking()) {
			this.readers.execute(task);
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
