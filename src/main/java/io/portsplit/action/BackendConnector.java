package io.portsplit.action;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.portsplit.config.HostPort;

/**
 * Opens the backend side of a {@code connect} service. Blocking, on the client's reader
 * thread: that thread exists for this client until its decision anyway, and a bounded
 * blocking connect is simpler to reason about than a timer on the relay loop.
 */
public final class BackendConnector {

	private final Duration timeout;

	public BackendConnector(Duration timeout) {
		this.timeout = timeout;
	}

	public SocketChannel connect(HostPort target) throws IOException {
		// Resolved per connection, so a backend's DNS change is followed without a reload.
		InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
		if (address.isUnresolved()) {
			throw new UnknownHostException("cannot resolve " + target.host());
		}
		SocketChannel channel = SocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.socket().connect(address, (int) this.timeout.toMillis());
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}
}
