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
			if (this.deadlineNanos != Long.MAX_VALUE) {
				// A 0 so_timeout would mean "forever"; round up so the deadline is never missed.
				this.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remainingNanos + 999_999) / 1_000_000)));
			}
			InputStream in = this.socket.getInputStream();
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

	@Override
	public void run() {
		if (!this.listener.admit(this)) {
			return;
		}
		publishConnectionOpenEvent();
		try {
			while (!this.handedOff && isOpen()) {
				Message<?> message = getMapper().toMessage(this);
				TcpListener target = getListener();
				if (message == null || target == null) {
					throw new IllegalStateException("no message or no listener for " + this.session);
				}
				target.onMessage(message);
			}
		}
		catch (UncheckedIOException ex) {
			this.session.end(new ConnectionEnd(0, 0, "client error before decision: " + ex.getCause().getMessage(),
					ConnectionEnd.Failure.CLIENT_ERROR));
		}
		catch (RuntimeException ex) {
			// A bug, not a client's doing: say so loudly, and still free the connection and its maxconn slot.
			logger.error("unexpected failure on " + this.session, ex);
			this.session.end(new ConnectionEnd(0, 0, "internal error: " + ex, ConnectionEnd.Failure.CLIENT_ERROR));
		}
	}

	/** Gives the socket to an action. Called on this connection's own reader thread. */
	SocketChannel handOff() {
		this.handedOff = true;
		this.listener.forget(this);
		return this.socket.getChannel();
	}
}
