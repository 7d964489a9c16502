package io.portsplit.listen;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.portsplit.config.BindAddress;
import io.portsplit.config.HostPort;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;

/**
 * One client connection from accept to end: where it came from, the routing rules it
 * is judged by, its decision, and the single place where its end is recorded.
 */
public final class ClientSession {

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final long id = SEQUENCE.incrementAndGet();

	private final BindAddress bind;

	private final InetSocketAddress peer;

	private final RoutingTable table;

	private final long acceptedNanos = System.nanoTime();

	private final LeadingBytesConnection connection;

	private final ConnectionObserver observer;

	private final Runnable onEnd;

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile Decision decision;

	private volatile long decidedNanos;

	ClientSession(BindAddress bind, InetSocketAddress peer, RoutingTable table, LeadingBytesConnection connection,
			ConnectionObserver observer, Runnable onEnd) {
		this.bind = bind;
		this.peer = peer;
		this.table = table;
		this.connection = connection;
		this.observer = observer;
		this.onEnd = onEnd;
	}

	/** Short, unique within this process: {@code c42}. */
	public String id() {
		return "c" + this.id;
	}

	public BindAddress bind() {
		return this.bind;
	}

	public InetSocketAddress peer() {
		return this.peer;
	}

	public RoutingTable table() {
		return this.table;
	}

	public long acceptedNanos() {
		return this.acceptedNanos;
	}

	/** Null until decided. */
	public Decision decision() {
		return this.decision;
	}

	public long decidedNanos() {
		return this.decidedNanos;
	}

	public void decided(Decision decision) {
		this.decision = decision;
		this.decidedNanos = System.nanoTime();
		this.observer.decided(this, decision);
	}

	/** Reports how long the action took to open {@code target} (for metrics). */
	public void backendConnect(HostPort target, long nanos, boolean connected) {
		this.observer.backendConnect(this, target, nanos, connected);
	}

	/**
	 * Takes the client socket away from Spring Integration's reader for an action to
	 * own: the reader stops at once without closing it. The caller must eventually call
	 * {@link #end}.
	 */
	public SocketChannel takeChannel() {
		return this.connection.handOff();
	}

	/** Closes the client socket (idempotent) and records the end, once. */
	public void end(ConnectionEnd end) {
		this.connection.close();
		if (this.ended.compareAndSet(false, true)) {
			this.onEnd.run();
			this.observer.ended(this, end);
		}
	}

	public boolean hasEnded() {
		return this.ended.get();
	}

	@Override
	public String toString() {
		return id() + " " + this.peer + " on " + this.bind;
	}
}
