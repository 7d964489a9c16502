package io.portsplit.relay;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;

import io.portsplit.tcp.TcpInfo;

/** A client and its backend, relayed both ways by one {@link RelayLoop}. */
final class RelayPair {

	private static final byte[] NOTHING = new byte[0];

	private final RelaySide client;

	private final RelaySide backend;

	private final Flow up;

	private final Flow down;

	private final RelayListener listener;

	private final long connectStartedNanos;

	private final long connectDeadlineNanos;

	/** How long nothing may move before the pair is closed; 0 for no limit. */
	private final long idleNanos;

	/** When a side was last ready (bytes, or the end of them); kept only where there is an idle limit. */
	private long lastActivityNanos;

	/** While the backend connect is under way: neither side is read, only OP_CONNECT is watched. */
	private boolean awaitingConnect;

	private boolean closed;

	private String closeReason;

	private List<RelayPair> closing;

	/** The loop's pairs to probe for resets on a side it does not watch; null where that cannot be probed. */
	private Set<RelayPair> unwatched;

	/**
	 * @param firstBytes what the client sent before the decision, for the backend before anything else
	 * @param connectStartedNanos when the backend's connect was started
	 * @param connectDeadlineNanos when it fails if not finished
	 * @param idleNanos how long nothing may move in either direction before the pair is closed; 0 for ever
	 */
	RelayPair(SocketChannel client, SocketChannel backend, byte[] firstBytes, RelayListener listener,
			long connectStartedNanos, long connectDeadlineNanos, long idleNanos) {
		this.client = new RelaySide(this, client);
		this.backend = new RelaySide(this, backend);
		this.up = new Flow(this.client, this.backend, firstBytes);
		this.down = new Flow(this.backend, this.client, NOTHING);
		Flow.pair(this.up, this.down);
		this.listener = listener;
		this.idleNanos = idleNanos;
		this.lastActivityNanos = connectStartedNanos;
		this.connectStartedNanos = connectStartedNanos;
		this.connectDeadlineNanos = connectDeadlineNanos;
	}

	/**
	 * @param closing where {@link #close} puts this pair once its keys are cancelled; the
	 * loop closes the sockets after its next select has deregistered them
	 * @param unwatched where this pair puts itself while a side is not watched, for {@link #probeUnwatched};
	 * null if the loop cannot probe
	 * @return whether the backend connect is still under way (the loop then watches its deadline)
	 */
	boolean register(Selector selector, List<RelayPair> closing, Set<RelayPair> unwatched) {
		this.closing = closing;
		this.unwatched = unwatched;
		try {
			// A no-op for a channel that is already non-blocking (the backend, and a client that waited for its first bytes).
			this.client.channel.configureBlocking(false);
			this.backend.channel.configureBlocking(false);
			this.client.key = this.client.channel.register(selector, 0, this.client);
			this.backend.key = this.backend.channel.register(selector, 0, this.backend);
			// On loopback and nearby hosts the handshake is usually over by now: skip a round of the loop.
			if (!this.backend.channel.isConnected() && !this.backend.channel.finishConnect()) {
				this.awaitingConnect = true;
				this.backend.setInterest(SelectionKey.OP_CONNECT);
				return true;
			}
			this.listener.connected(System.nanoTime() - this.connectStartedNanos);
			startFlowing();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.backend.channel.isConnected()) {
				connectFailed(ex instanceof IOException io ? io : new IOException(ex));
			}
			else {
				close("relay setup failed: " + ex.getMessage());
			}
		}
		return false;
	}

	/** Whether the pair has an idle limit, for the loop to watch it. */
	boolean idleLimited() {
		return this.idleNanos > 0;
	}

	/**
	 * Closes the pair if nothing has moved for its idle limit.
	 * @return whether it is still open (and to be watched again)
	 */
	boolean closeIfIdle(long now) {
		if (this.closed) {
			return false;
		}
		if (this.awaitingConnect || now - this.lastActivityNanos < this.idleNanos) {
			return true;
		}
		close("idle for " + (this.idleNanos / 1_000_000_000L) + " s");
		return false;
	}

	boolean awaitingConnect() {
		return this.awaitingConnect && !this.closed;
	}

	long connectDeadlineNanos() {
		return this.connectDeadlineNanos;
	}

	long connectTimeoutNanos() {
		return this.connectDeadlineNanos - this.connectStartedNanos;
	}

	/** The backend did not answer within the connect timeout. */
	void connectTimedOut() {
		if (awaitingConnect()) {
			connectFailed(new SocketTimeoutException("Connect timed out"));
		}
	}

	private void finishConnect() {
		try {
			if (!this.backend.channel.finishConnect()) {
				return;
			}
		}
		catch (IOException | RuntimeException ex) {
			connectFailed(ex instanceof IOException io ? io : new IOException(ex));
			return;
		}
		this.awaitingConnect = false;
		this.listener.connected(System.nanoTime() - this.connectStartedNanos);
		startFlowing();
	}

	/**
	 * Writes the client's first bytes to the freshly connected backend at once rather than
	 * on its first OP_WRITE: a connected socket's send buffer is empty, so the write nearly
	 * always completes, and the backend is then registered for reading only. That saves an
	 * epoll_ctl (write interest on, then off) and a turn of the loop for every connection.
	 */
	private void startFlowing() {
		try {
			if (this.up.wantsWrite()) {
				this.up.flush();
			}
		}
		catch (IOException | RuntimeException ex) {
			close(describe(ex));
			return;
		}
		updateInterest();
	}

	private void connectFailed(IOException failure) {
		this.awaitingConnect = false;
		this.closed = true;
		closeQuietly(this.client.channel);
		closeQuietly(this.backend.channel);
		this.listener.connectFailed(System.nanoTime() - this.connectStartedNanos, failure);
	}

	void onReady(RelaySide side, int readyOps, ByteBuffer scratch) {
		if (this.idleNanos > 0) {
			this.lastActivityNanos = System.nanoTime();
		}
		if (this.awaitingConnect) {
			if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
				finishConnect();
			}
			return;
		}
		try {
			if ((readyOps & SelectionKey.OP_WRITE) != 0) {
				flowInto(side).flush();
			}
			if ((readyOps & SelectionKey.OP_READ) != 0) {
				flowFrom(side).pump(scratch);
			}
			if (this.up.isDone() && this.down.isDone()) {
				close("closed");
			}
			else {
				updateInterest();
			}
		}
		catch (IOException | RuntimeException ex) {
			close(describe(ex));
		}
	}

	/**
	 * Closes this pair if a side it does not watch was reset (see {@link TcpInfo}).
	 * @return whether a side is still unwatched and should be probed again
	 */
	boolean probeUnwatched() {
		if (this.closed || this.awaitingConnect) {
			return false;
		}
		if (this.client.unwatched() && TcpInfo.isTornDown(this.client.channel)) {
			close("error: client reset while it was not being read");
			return false;
		}
		if (this.backend.unwatched() && TcpInfo.isTornDown(this.backend.channel)) {
			close("error: backend reset while it was not being read");
			return false;
		}
		return this.client.unwatched() || this.backend.unwatched();
	}

	void close(String reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.closeReason = reason;
		if (this.closing != null && this.client.key != null && this.backend.key != null) {
			// Closing a channel that is still registered makes the JDK query SO_LINGER and shut the socket down
			// before the real close, which then waits for the selector anyway: two system calls per socket more.
			this.client.key.cancel();
			this.backend.key.cancel();
			this.closing.add(this);
			return;
		}
		finishClose();
	}

	/** Closes both sockets and reports the end; after the keys were deregistered, if they were cancelled. */
	void finishClose() {
		if (this.unwatched != null) {
			// Out of the probe set now rather than at the next probe: every short connection passes through it.
			this.unwatched.remove(this);
		}
		closeQuietly(this.client.channel);
		closeQuietly(this.backend.channel);
		this.listener.relayEnded(this.up.bytes(), this.down.bytes(), this.closeReason);
	}

	private Flow flowFrom(RelaySide side) {
		return (side == this.client) ? this.up : this.down;
	}

	private Flow flowInto(RelaySide side) {
		return (side == this.client) ? this.down : this.up;
	}

	private void updateInterest() {
		boolean changed = this.client.setInterest(ops(this.up, this.down));
		changed |= this.backend.setInterest(ops(this.down, this.up));
		if (changed && this.unwatched != null && (this.client.unwatched() || this.backend.unwatched())) {
			this.unwatched.add(this);
		}
	}

	private static int ops(Flow readFrom, Flow writeTo) {
		return (readFrom.wantsRead() ? SelectionKey.OP_READ : 0) | (writeTo.wantsWrite() ? SelectionKey.OP_WRITE : 0);
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return "error: " + ((message != null) ? message : ex.getClass().getSimpleName());
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing more to do for a socket we are discarding
		}
	}
}
