package io.portsplit.listen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;

/**
 * A Spring Integration connection that only ever reads a client's first bytes.
 * <p>
 * Each read is one {@link ClientRead} message for the interceptor chain, sized to what
 * the patterns can still use, and never a read that could block: it is made on the
 * accept thread when bytes are known to be waiting ({@link #tryWithoutBlocking()}), or
 * on the {@link FirstBytesWaiter}'s thread when the channel is readable or the decision
 * deadline has passed ({@link #readyOrDue()}). Once an action takes the socket
 * ({@link #handOff()}), no more is read: the data path from then on is the action's,
 * not a Message per chunk.
 */
public final class LeadingBytesConnection extends TcpNetConnection {

	/** The most read beyond the decisive bytes in one read: the replay is held while the backend connects. */
	static final int MAX_BEYOND = 16 * 1024;

	private final Socket socket;

	private final BindListener listener;

	private ClientSession session;

	private byte[] readBuffer;

	private volatile int readLimit;

	/** Bytes the accept thread saw waiting (FIONREAD) just before the read; 0 when not known. */
	private int knownAvailable;

	private volatile boolean handedOff;

	private long deadlineNanos;

	/** The waiter watching this connection, from the hand-over to it until it lets go (decided, or closed). */
	private volatile FirstBytesWaiter waiter;

	/** The waiter's record of this connection while it is watched; only the waiter's thread touches it. */
	FirstBytesWaiter.Waiting waiting;

	LeadingBytesConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, String factoryName,
			BindListener listener) {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.listener = listener;
	}

	void attach(ClientSession session) {
		this.session = session;
		int decisive = session.table().decisiveLength();
		this.readBuffer = new byte[decisive];
		this.readLimit = decisive;
		long timeout = session.table().timeout().toNanos();
		this.deadlineNanos = (timeout == 0) ? Long.MAX_VALUE : session.acceptedNanos() + timeout;
	}

	public ClientSession session() {
		return this.session;
	}

	/** The interceptor lowers it as the buffer fills, so no more is read than can matter. */
	public void setReadLimit(int limit) {
		this.readLimit = Math.max(1, Math.min(limit, this.readBuffer.length));
	}

	SocketChannel channel() {
		return this.socket.getChannel();
	}

	/** When the decision deadline passes ({@code System.nanoTime()}); {@code Long.MAX_VALUE} for none. */
	long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * One read: only ever made when it cannot block (bytes known to be waiting on the
	 * accept thread, or a non-blocking channel on the waiter's thread), so it needs no
	 * timeout, and none of what a timed read costs on a channel's socket adaptor (blocking
	 * mode switched off and on again: four fcntl calls, and a poll).
	 */
	@Override
	public Object getPayload() {
		try {
			if (this.deadlineNanos - System.nanoTime() <= 0) {
				return ClientRead.DEADLINE_PASSED;
			}
			int limit = this.readLimit;
			int available = this.knownAvailable;
			this.knownAvailable = 0;
			if (available > limit) {
				return readBeyond(Math.min(available, limit + MAX_BEYOND));
			}
			// On a readable TCP socket (data, end of stream or an error) a non-blocking read does not return 0.
			int n = channel().read(ByteBuffer.wrap(this.readBuffer, 0, limit));
			if (n < 0) {
				return ClientRead.END_OF_STREAM;
			}
			return new ClientRead.Bytes(Arrays.copyOf(this.readBuffer, n));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads what has already arrived, beyond the bytes that can decide: they fill the
	 * decision's buffer, so the decision is taken on this read, and the rest goes to the
	 * action with them (SPEC 4: bytes beyond the pattern are handed over too). One read and
	 * one write to the backend, where reading only the decisive bytes made it two of each
	 * (the relay read and forwarded the rest on its own). Nothing beyond is ever kept
	 * waiting: only what this one read returns.
	 */
	private ClientRead readBeyond(int size) throws IOException {
		byte[] data = new byte[size];
		int n = channel().read(ByteBuffer.wrap(data));
		if (n < 0) {
			return ClientRead.END_OF_STREAM;
		}
		return new ClientRead.Bytes((n == size) ? data : Arrays.copyOf(data, n));
	}

	/**
	 * On the accept thread: admits the client and, if its first bytes are already here,
	 * reads and dispatches them without blocking.
	 * @return true if the connection needs no more reads (decided and handed to its
	 * action, or closed); false if it must wait for more bytes ({@link FirstBytesWaiter})
	 */
	boolean tryWithoutBlocking() {
		if (!this.listener.admit(this)) {
			return true;
		}
		publishConnectionOpenEvent();
		try {
			int available = this.socket.getInputStream().available();
			if (available <= 0) {
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
	 * blocked read of a closed socket ended a waiting client before there was a waiter.
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
	 * is deregistered: see {@link FirstBytesWaiter}.
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

	/** Never run on a thread of its own: {@link AcceptThenRead} and {@link FirstBytesWaiter} read it. */
	@Override
	public void run() {
		throw new IllegalStateException("read by AcceptThenRead and FirstBytesWaiter, not on a thread of its own");
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
			// A bug, not a client's doing: say so loudly, and still free the connection and its maxconn slot.
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
	SocketChannel handOff() {
		this.handedOff = true;
		this.waiter = null;
		this.listener.forget(this);
		return this.socket.getChannel();
	}
}
