package io.portsplit.session;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.config.HostPort;
import io.portsplit.match.ClientHints;
import io.portsplit.match.FirstBytes;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;

/**
 * One client connection from accept to end: where it came from and arrived, the routing
 * rules it is judged by, its first bytes until the decision, the decision, and the single
 * place where its end is recorded and its admission given back.
 */
public final class ClientSession {

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final long id = SEQUENCE.incrementAndGet();

	private final BindAddress bind;

	private final InetSocketAddress local;

	private final InetSocketAddress client;

	private final RoutingTable table;

	private final long acceptedNanos = System.nanoTime();

	private final ClientSocket socket;

	private final ConnectionObservers observers;

	private final Admission.Permit permit;

	private final AtomicBoolean ended = new AtomicBoolean();

	/** Until the decision; read and written only by the thread reading the first bytes. */
	private FirstBytes firstBytes;

	private volatile Decision decision;

	private volatile ClientHints hints = ClientHints.NONE;

	private volatile long decidedNanos;

	/**
	 * @param bind the configured address that accepted it
	 * @param local the connection's own local address (on a wildcard bind, the address the client reached)
	 * @param client the client's address and port
	 * @param table the rules it is judged by
	 * @param socket its socket
	 * @param observers who hears of its life
	 * @param permit its admission, released when it ends
	 */
	public ClientSession(BindAddress bind, InetSocketAddress local, InetSocketAddress client, RoutingTable table,
			ClientSocket socket, ConnectionObservers observers, Admission.Permit permit) {
		this.bind = bind;
		this.local = local;
		this.client = client;
		this.table = table;
		this.socket = socket;
		this.observers = observers;
		this.permit = permit;
		this.firstBytes = table.firstBytes();
	}

	/** Short, unique within this process: {@code c42}. */
	public String id() {
		return "c" + this.id;
	}

	public BindAddress bind() {
		return this.bind;
	}

	public InetSocketAddress local() {
		return this.local;
	}

	public InetSocketAddress client() {
		return this.client;
	}

	public RoutingTable table() {
		return this.table;
	}

	public long acceptedNanos() {
		return this.acceptedNanos;
	}

	/** The bytes read so far; null once decided. */
	public FirstBytes firstBytes() {
		return this.firstBytes;
	}

	/** Null until decided. */
	public Decision decision() {
		return this.decision;
	}

	public long decidedNanos() {
		return this.decidedNanos;
	}

	/** What the client asked for by name (TLS server name, ALPN, HTTP Host), where a condition parsed it. */
	public ClientHints hints() {
		return this.hints;
	}

	/** Records the decision; the first bytes go to the action from here on, not to the session. */
	public void decided(Decision decision) {
		this.hints = this.firstBytes.hints();
		this.firstBytes = null;
		this.decision = decision;
		this.decidedNanos = System.nanoTime();
		this.observers.decided(this, decision);
	}

	/** Reports how long the action took to open {@code target} (for metrics). */
	public void backendConnect(HostPort target, long nanos, boolean connected) {
		this.observers.backendConnect(this, target, nanos, connected);
	}

	/** Takes the client socket for an action to own; the caller must eventually call {@link #end}. */
	public SocketChannel takeChannel() {
		return this.socket.handOff();
	}

	/** Closes the client socket (idempotent), and records the end and releases the admission, once. */
	public void end(ConnectionEnd end) {
		this.socket.close();
		if (this.ended.compareAndSet(false, true)) {
			this.permit.release();
			this.observers.ended(this, end);
		}
	}

	@Override
	public String toString() {
		return id() + " " + this.client + " on " + this.bind;
	}
}
