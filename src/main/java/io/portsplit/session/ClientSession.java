package io.portsplit.session;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.config.BackendAddress;
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

	/** The socket's peer, until a PROXY header names the client behind it. */
	private volatile InetSocketAddress client;

	/** The address the client reached: the socket's own, or the one a PROXY header names. */
	private volatile InetSocketAddress destination;

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
		this.destination = local;
		this.table = table;
		this.socket = socket;
		this.observers = observers;
		this.permit = permit;
		this.firstBytes = table.firstBytes();
		if (!permit.awaitingIdentity()) {
			table.excludeRefused(this.firstBytes, client.getAddress());
		}
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

	/** Who the client is: the socket's peer, or the client a trusted proxy's header names. */
	public InetSocketAddress client() {
		return this.client;
	}

	/** What the client connected to: this socket's local address, or what a trusted proxy's header names. */
	public InetSocketAddress destination() {
		return this.destination;
	}

	/** Whether it comes from a trusted proxy and its PROXY header, naming the client, is still to be read. */
	public boolean awaitsProxyHeader() {
		return this.permit.awaitingIdentity();
	}

	/**
	 * A trusted proxy's header named the client (null addresses: a header that names none, such
	 * as a health check's, and the socket's own stand): from now on it is the client everywhere,
	 * checked against the access rules and limits as a direct client is at accept.
	 * @return null if it may stay, else the refusal to end it with
	 */
	public Admission.Refusal identified(InetSocketAddress client, InetSocketAddress destination) {
		if (client != null) {
			this.client = client;
		}
		if (destination != null) {
			this.destination = destination;
		}
		Admission.Refusal refusal = this.permit.identify(this.client.getAddress());
		if (refusal == null) {
			this.table.excludeRefused(this.firstBytes, this.client.getAddress());
		}
		return refusal;
	}

	/** Takes a slot of the decided service where it has a {@code maxconn} of its own; the refusal if it is full. */
	public Admission.Refusal claimService(String name, int maxconn) {
		return this.permit.claimService(name, maxconn);
	}

	/** Ends it as turned away by {@code refusal}, having read {@code bytesRead}. */
	public void refuse(Admission.Refusal refusal, long bytesRead, String detail) {
		end(ConnectionEnd.refused(bytesRead, refusal, refusal.text() + ((detail == null) ? "" : ": " + detail)));
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
	public void backendConnect(BackendAddress target, long nanos, boolean connected) {
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
