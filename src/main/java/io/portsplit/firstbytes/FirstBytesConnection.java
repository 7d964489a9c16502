package io.portsplit.firstbytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;

import io.portsplit.match.FirstBytes;
import io.portsplit.route.Trigger;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ClientSocket;
import io.portsplit.session.ConnectionEnd;

/**
 * A Spring Integration connection that only ever reads a client's first bytes.
 * <p>
 * Each read goes straight into the session's {@link FirstBytes} and becomes one message,
 * its {@link Trigger}, for the interceptor chain; it is sized to what the conditions can
 * still use, and it is never a read that could block: it is made on the accept thread when
 * bytes are known to be waiting ({@link #tryWithoutBlocking()}), or on the
 * {@link FirstBytesWaiter}'s thread when the channel is readable or the decision deadline
 * has passed ({@link #readyOrDue()}). Once an action takes the socket ({@link #handOff()}),
 * no more is read: the data path from then on is the action's, not a message per chunk.
 */
public final class FirstBytesConnection extends TcpNetConnection implements ClientSocket {

	private static final Log logger = LogFactory.getLog(FirstBytesConnection.class);

	/** The most read past what the conditions can use, in one read: it is held while the backend connects. */
	static final int MAX_BEYOND = 16 * 1024;

	/** A read while a PROXY header is awaited: a v1 header whole, a v2 header as load balancers send it. */
	private static final int PROXY_HEADER_READ = 512;

	/** Where a connection is admitted and given its session: its listener. */
	public interface Arrivals {

		/** The session of an admitted connection; null if it was refused (and closed, and reported). */
		ClientSession admit(FirstBytesConnection connection);

		/** Drops a connection from the listener's books, so that stopping the listener leaves it alone. */
		void forget(FirstBytesConnection connection);

		/**
		 * How long a connection that has sent nothing had already waited in the kernel's backlog
		 * when it was accepted, in milliseconds: 0 where none can have (the listener did not take
		 * over a socket opened before start-up, or the client was not yet queued when its accept
		 * loop began).
		 */
		long waitedInBacklog(FirstBytesConnection connection);
	}

	private final Socket socket;

	private final Arrivals arrivals;

	private ClientSession session;

	/** Bytes the accept thread saw waiting (FIONREAD) just before the read; 0 when not known. */
	private int knownAvailable;

	private volatile boolean handedOff;

	private long deadlineNanos;

	/** The waiter watching this connection, from the hand-over to it until it lets go (decided, or closed). */
	private volatile FirstBytesWaiter waiter;

	/** The waiter's record of this connection while it is watched; only the waiter's thread touches it. */
	FirstBytesWaiter.Waiting waiting;

	public FirstBytesConnection(Socket socket, String factoryName, Arrivals arrivals) {
		super(socket, true, false, DiscardedEvents.PUBLISHER, factoryName);
		this.socket = socket;
		this.arrivals = arrivals;
	}

	public ClientSession session() {
		return this.session;
	}

	SocketChannel channel() {
		return this.socket.getChannel();
	}

	/** When the decision deadline passes ({@code System.nanoTime()}); {@code Long.MAX_VALUE} for none. */
	long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * One read into the session's first bytes: only ever made when it cannot block (bytes
	 * known to be waiting on the accept thread, or a non-blocking channel on the waiter's
	 * thread), so it needs no timeout, and none of what a timed read costs on a channel's
	 * socket adaptor (blocking mode switched off and on again: four fcntl calls, and a poll).
	 * <p>
	 * When more has already arrived than the conditions can use, the read takes the rest
	 * too (up to {@link #MAX_BEYOND} more): the conditions then all settle on this read, and
	 * the rest goes to the action with the first bytes, in one write to the backend where
	 * reading only what decides would make it two reads and two writes. Nothing past what
	 * the conditions use is ever kept waiting: only what this one read returns.
	 */
	@Override
	public Object getPayload() {
		if (this.deadlineNanos - System.nanoTime() <= 0) {
			return Trigger.DEADLINE;
		}
		FirstBytes bytes = this.session.firstBytes();
		int wanted = this.session.awaitsProxyHeader() ? PROXY_HEADER_READ : Math.max(1, bytes.wanted());
		int available = this.knownAvailable;
		this.knownAvailable = 0;
		int size;
		if (available > wanted) {
			size = Math.min(available, wanted + MAX_BEYOND);
		}
		else if (available > 0) {
			size = available;
		}
		else {
			// Nothing known of what is there: what the buffer holds now, or twice that once it is full. A
			// condition that may need 16 KiB does not make every client's buffer 16 KiB.
			size = Math.min(wanted, (bytes.free() > 0) ? bytes.free() : bytes.capacity());
		}
		int n;
		try {
			// On a readable TCP socket (data, end of stream or an error) a non-blocking read does not return 0.
			n = channel().read(bytes.room(size));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (n < 0) {
			return Trigger.END_OF_STREAM;
		}
		bytes.added(n);
		return Trigger.DATA;
	}

	/**
	 * On the accept thread: admits the client and, if its first bytes are already here,
	 * reads and dispatches them without blocking.
	 * @return true if the connection needs no more reads (decided and handed to its
	 * action, or closed); false if it must wait for more bytes ({@link FirstBytesWaiter})
	 */
	boolean tryWithoutBlocking() {
		this.session = this.arrivals.admit(this);
		if (this.session == null) {
			return true;
		}
		long timeout = this.session.table().timeout().toNanos();
		this.deadlineNanos = (timeout == 0) ? Long.MAX_VALUE : this.session.acceptedNanos() + timeout;
		publishConnectionOpenEvent();
		try {
			int available = this.socket.getInputStream().available();
			if (available <= 0) {
				// A silent client that connected while portsplit was starting is timed from then, not from now:
				// it gets its [timeout] service as promptly as any later client.
				long waited = (this.deadlineNanos == Long.MAX_VALUE) ? 0 : this.arrivals.waitedInBacklog(this);
				this.deadlineNanos -= waited * 1_000_000L;
				return false;
			}
			this.knownAvailable = available;
			readAndDispatch();
			return this.handedOff || !isOpen();
		}
		catch (IOException ex) {
			return failed(new UncheckedIOException(ex));
		}
		catch (RuntimeException ex) {
			return failed(ex);
		}
	}

	/** Called by the waiter as it takes this connection over. */
	void waitingWith(FirstBytesWaiter owner) {
		this.waiter = owner;
	}

	/**
	 * On the waiter's thread, the channel no longer registered with its selector: one read
	 * (the channel is readable) or the deadline, and its dispatch.
	 * @return true if the client must go on waiting (no decision yet, still open)
	 */
	boolean readyOrDue() {
		boolean again;
		try {
			readAndDispatch();
			again = !this.handedOff && isOpen();
		}
		catch (RuntimeException ex) {
			again = !failed(ex);
		}
		if (!again) {
			this.waiter = null;
		}
		return again;
	}

	/** The waiter could not watch it (e.g. the channel was closed meanwhile). */
	void waitFailed(IOException ex) {
		this.waiter = null;
		failed(new UncheckedIOException(ex));
	}

	/**
	 * Closed while waiting (its listener stopped, or portsplit is stopping): ends as a
	 * read of a closed socket would.
	 */
	void closedWhileWaiting() {
		this.waiter = null;
		super.close();
		failed(new UncheckedIOException(new SocketException("Socket closed")));
	}

	/** A close asked for after the waiter let go: an action that took the socket owns it now. */
	void closeUnlessHandedOff() {
		if (!this.handedOff) {
			super.close();
		}
	}

	/**
	 * A connection that a waiter watches is closed by the waiter's thread, once its channel
	 * is deregistered: see {@link FirstBytesWaiter}. Otherwise at once, handed off or not:
	 * whoever ends the session closes the socket this way.
	 */
	@Override
	public void close() {
		FirstBytesWaiter owner = this.waiter;
		if (owner != null && !this.handedOff && !owner.isCurrentThread()) {
			owner.closeLater(this);
			return;
		}
		super.close();
	}

	/** Never run on a thread of its own: {@link FirstReadExecutor} and {@link FirstBytesWaiter} read it. */
	@Override
	public void run() {
		throw new IllegalStateException("read by FirstReadExecutor and FirstBytesWaiter, not on a thread of its own");
	}

	private void readAndDispatch() {
		Message<?> message = getMapper().toMessage(this);
		TcpListener target = getListener();
		if (message == null || target == null) {
			throw new IllegalStateException("no message or no listener for " + this.session);
		}
		target.onMessage(message);
	}

	/** Ends the connection after a read or dispatch failed; always true (nothing is left to do). */
	private boolean failed(RuntimeException failure) {
		if (failure instanceof UncheckedIOException ex) {
			this.session.end(new ConnectionEnd(0, 0, "client error before decision: " + ex.getCause().getMessage(),
					ConnectionEnd.Failure.CLIENT_ERROR));
		}
		else {
			// A bug, not a client's doing: say so loudly, and still free the connection and its admission.
			logger.error("unexpected failure on " + this.session, failure);
			this.session.end(new ConnectionEnd(0, 0, "internal error: " + failure, ConnectionEnd.Failure.CLIENT_ERROR));
		}
		return true;
	}

	/**
	 * Gives the socket to an action. Called on the thread reading this connection (an
	 * accept thread or the waiter's), never while the channel is registered with the
	 * waiter's selector. Its blocking mode is as that thread left it: blocking from an
	 * accept thread, non-blocking from the waiter.
	 */
	@Override
	public SocketChannel handOff() {
		this.handedOff = true;
		this.waiter = null;
		this.arrivals.forget(this);
		return this.socket.getChannel();
	}
}
