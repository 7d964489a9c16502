package io.portsplit.action;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.portsplit.config.HostPort;

/**
 * Opens the backend side of a {@code connect} service. Only the name lookup happens on
 * the caller's thread (one of its own: {@code ConnectAction} moves a lookup off the shared
 * threads); the connect itself is started non-blocking and finished by the relay
 * loop, so no thread waits for the backend's SYN-ACK and the socket's blocking mode is set
 * once instead of being toggled around a timed connect (two fcntl calls each way).
 */
final class BackendConnector {

	private final Duration timeout;

	BackendConnector(Duration timeout) {
		this.timeout = timeout;
	}

	/** An IPv4 or IPv6 address written out, which needs no lookup (a name may need DNS). */
	static boolean isAddressLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		int dots = 0;
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c == '.') {
				dots++;
			}
			else if (c < '0' || c > '9') {
				return false;
			}
		}
		return dots == 3;
	}

	Duration timeout() {
		return this.timeout;
	}

	/**
	 * @return a non-blocking channel whose connect has been started (and may already be
	 * complete: {@link SocketChannel#isConnected()})
	 */
	SocketChannel startConnect(HostPort target) throws IOException {
		// Resolved per connection, so a backend's DNS change is followed without a reload.
		InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
		if (address.isUnresolved()) {
			throw new UnknownHostException("cannot resolve " + target.host());
		}
		// An IPv4 socket for an IPv4 backend: the JDK's default dual-stack socket costs an IPV6_V6ONLY call more.
		SocketChannel channel = (address.getAddress() instanceof Inet4Address)
				? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
		try {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.connect(address);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}
}
