package io.portsplit.listen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
 * the patterns can still use and bounded by the decision deadline. Once an action takes
 * the socket ({@link #handOff()}), the read loop ends without closing it: the data path
 * from then on is the action's, not a Message per chunk.
 */
public final class LeadingBytesConnection extends TcpNetConnection {

	private final Socket socket;

	private final BindListener listener;

	private ClientSession session;

	private byte[] readBuffer;

	private volatile int readLimit;

	private volatile boolean handedOff;

	/** Set on the accept thread before a reader thread can run it: admitted there, not twice. */
	private boolean admitted;

	/** Bytes were seen waiting just before this read: no need to ask the kernel again. */
	private boolean knownReadable;

	private long deadlineNanos;

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

	@Override
	public Object getPayload() {
		try {
			long remainingNanos = this.deadlineNanos - System.nanoTime();
			if (remainingNanos <= 0) {
				return ClientRead.DEADLINE_PASSED;
			}
			InputStream in = this.socket.getInputStream();
			// Usually the first bytes are already here: then an untimed read cannot block, and skips what a
			// timed read costs on a socket channel's adaptor (blocking mode switched off and on again: four
			// fcntl calls, and a poll). One ioctl (FIONREAD) instead.
			boolean ready = this.knownReadable || in.available() > 0;
			this.knownReadable = false;
			int timeoutMillis = (ready || this.deadlineNanos == Long.MAX_VALUE) ? 0
					// A 0 so_timeout would mean "forever"; round up so the deadline is never missed.
					: (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remainingNanos + 999_999) / 1_000_000));
			this.socket.setSoTimeout(timeoutMillis);
			int n = in.read(this.readBuffer, 0, this.readLimit);
			if (n < 0) {
				return ClientRead.END_OF_STREAM;
			}
			return new ClientRead.Bytes(Arrays.copyOf(this.readBuffer, n));
		}
		catch (SocketTimeoutException ex) {
			return ClientRead.DEADLINE_PASSED;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * On the accept thread: admits the client and, if its first bytes are already here,
	 * reads and dispatches them without blocking.
	 * @return true if the connection needs no reader thread (decided and handed to its
	 * action, or closed); false if {@link #run()} must carry on with blocking reads
	 */
	boolean tryWithoutBlocking() {
		this.admitted = true;
		if (!this.listener.admit(this)) {
			return true;
		}
		publishConnectionOpenEvent();
		try {
			if (this.socket.getInputStream().available() <= 0) {
				return false;
			}
			this.knownReadable = true;
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

	@Override
	public void run() {
		if (!this.admitted) {
			if (!this.listener.admit(this)) {
				return;
			}
			publishConnectionOpenEvent();
		}
		try {
			while (!this.handedOff && isOpen()) {
				readAndDispatch();
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
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

	/** Gives the socket to an action. Called on the thread reading this connection (accept or reader thread). */
	SocketChannel handOff() {
		this.handedOff = true;
		this.listener.forget(this);
		return this.socket.getChannel();
	}
}
