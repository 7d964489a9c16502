package io.portsplit.listen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import io.portsplit.config.BindAddress;
import io.portsplit.route.RoutingTable;

/**
 * Spring Integration's blocking server connection factory for one {@code bind} address.
 * <p>
 * It accepts from a {@link ServerSocketChannel} that portsplit opened itself, for two
 * reasons: a bind failure is then reported synchronously at start-up (the factory would
 * only log it from its own thread), and each accepted socket has a channel that the
 * relay can take over after the decision.
 */
public final class BindListener extends TcpNetServerConnectionFactory {

	private final BindAddress bind;

	private final ServerSocketChannel channel;

	private final Supplier<RoutingTable> tables;

	private final ConnectionLimiter limiter;

	private final ConnectionObserver observer;

	public BindListener(BindAddress bind, ServerSocketChannel channel, Supplier<RoutingTable> tables,
			ConnectionLimiter limiter, ConnectionObserver observer) {
		super(channel.socket().getLocalPort());
		this.bind = bind;
		this.channel = channel;
		this.tables = tables;
		this.limiter = limiter;
		this.observer = observer;
		setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) ->
				new LeadingBytesConnection(socket, ConnectionEvents.DISCARDED, factoryName, this));
	}

	public BindAddress bind() {
		return this.bind;
	}

	public ServerSocketChannel channel() {
		return this.channel;
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) throws IOException {
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

	/** Called on the accept thread before the connection is read. */
	boolean admit(LeadingBytesConnection connection) {
		InetSocketAddress peer = (InetSocketAddress) connection.getSocketInfo().getRemoteSocketAddress();
		if (!this.limiter.tryAcquire()) {
			forget(connection);
			connection.close();
			this.observer.rejectedAtLimit(new ConnectionObserver.Arrival(this.bind, peer));
			return false;
		}
		ClientSession session = new ClientSession(this.bind, peer, this.tables.get(), connection, this.observer,
				this.limiter::release);
		connection.attach(session);
		this.observer.accepted(session);
		return true;
	}

	/** Drops a connection from this factory's books, so that stopping the factory leaves it alone. */
	void forget(LeadingBytesConnection connection) {
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
