package io.portsplit.listen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.firstbytes.FirstBytesConnection;
import io.portsplit.route.RoutingTable;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionObserver;
import io.portsplit.session.ConnectionObservers;
import io.portsplit.tcp.TcpInfo;

/**
 * Spring Integration's blocking server connection factory for one {@code bind} address,
 * and where its connections are admitted.
 * <p>
 * It accepts from a {@link ServerSocketChannel} that portsplit opened itself, for two
 * reasons: a bind failure is then reported synchronously at start-up (the factory would
 * only log it from its own thread), and each accepted socket has a channel that the
 * relay can take over after the decision.
 */
final class BindListener extends TcpNetServerConnectionFactory implements FirstBytesConnection.Arrivals {

	private final BindAddress bind;

	private final ServerSocketChannel channel;

	private final Supplier<RoutingTable> tables;

	private final Admission admission;

	private final ConnectionObservers observers;

	private final boolean tookOverEarlyBind;

	/**
	 * How many of the next clients were already queued when the accept loop began: those may
	 * have waited in the backlog while portsplit started; the clients after them are accepted
	 * as they come.
	 */
	private final AtomicInteger queuedAtStart = new AtomicInteger();

	/**
	 * @param tookOverEarlyBind whether the channel was opened before start-up, so that the
	 * first clients it accepts may have waited in its backlog
	 */
	BindListener(BindAddress bind, ServerSocketChannel channel, Supplier<RoutingTable> tables, Admission admission,
			ConnectionObservers observers, boolean tookOverEarlyBind) {
		super(channel.socket().getLocalPort());
		this.bind = bind;
		this.channel = channel;
		this.tables = tables;
		this.admission = admission;
		this.observers = observers;
		this.tookOverEarlyBind = tookOverEarlyBind;
		setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) ->
				new FirstBytesConnection(socket, factoryName, this));
	}

	ServerSocketChannel channel() {
		return this.channel;
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) throws IOException {
		// Called as the accept loop begins: what is queued now waited through start-up.
		if (this.tookOverEarlyBind) {
			this.queuedAtStart.set(Math.max(0, TcpInfo.acceptQueueLength(this.channel)));
		}
		return new ResilientServerSocket(this.channel);
	}

	/**
	 * Only what portsplit sets: no delay. The inherited version also writes SO_KEEPALIVE
	 * (off, the default already) on every accepted socket: a system call per connection.
	 */
	@Override
	protected void setSocketAttributes(Socket socket) throws SocketException {
		socket.setTcpNoDelay(isSoTcpNoDelay());
		getTcpSocketSupport().postProcessSocket(socket);
	}

	/**
	 * Marks the factory inactive before its server socket is closed. Spring Integration's
	 * stop closes the socket first and clears the flag after, so the accept loop, woken by
	 * the close ({@code AsynchronousCloseException} from a channel's socket), could still
	 * see itself active and report an ordinary stop or reload as an ERROR with a stack
	 * trace (and publish a server exception event).
	 */
	@Override
	public void stop() {
		setActive(false);
		super.stop();
	}

	/**
	 * On the accept thread, before anything is read. The local address is the socket's own
	 * (on a wildcard bind, the address the client reached); the channel knows it from the
	 * accept already, so asking costs no system call.
	 */
	@Override
	public ClientSession admit(FirstBytesConnection connection) {
		InetSocketAddress client = (InetSocketAddress) connection.getSocketInfo().getRemoteSocketAddress();
		Admission.Permit permit = this.admission.admit(client);
		if (!permit.admitted()) {
			forget(connection);
			connection.close();
			this.observers.refused(new ConnectionObserver.Arrival(this.bind, client), permit.refusal());
			return null;
		}
		InetSocketAddress local = (InetSocketAddress) connection.getSocketInfo().getLocalSocketAddress();
		ClientSession session = new ClientSession(this.bind, local, client, this.tables.get(), connection,
				this.observers, permit);
		this.observers.accepted(session);
		return session;
	}

	/**
	 * Asked of the kernel (its last-received time for a connection that has sent nothing is
	 * its handshake's), one system call, and only for the clients that were queued in the
	 * backlog of a socket opened before start-up when the accept loop began: no other client
	 * can have waited long, so the others cost nothing here.
	 */
	@Override
	public long waitedInBacklog(FirstBytesConnection connection) {
		if (this.queuedAtStart.get() == 0 || this.queuedAtStart.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
			return 0;
		}
		return Math.max(0, TcpInfo.millisSinceLastReceived(connection.getSocketInfo().getChannel()));
	}

	@Override
	public void forget(FirstBytesConnection connection) {
		this.connections.remove(connection.getConnectionId());
	}

	/** Lets every connection outlive this listener (a reload that removes its bind). */
	void forgetAll() {
		this.connections.clear();
	}

	@Override
	public String toString() {
		return "BindListener " + this.bind;
	}
}
