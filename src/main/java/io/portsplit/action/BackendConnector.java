package io.portsplit.action;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

import io.portsplit.config.BackendAddress;
import io.portsplit.config.HostPort;
import io.portsplit.config.UnixSocket;

/**
 * Opens the backend side of a {@code connect} service. Only the name lookup happens on
 * the caller's thread (one of its own: {@code ConnectAction} moves a lookup off the shared
 * threads); the connect itself is started non-blocking and finished by the relay loop, so
 * no thread waits for the backend's SYN-ACK and the socket's blocking mode is set once
 * instead of being toggled around a timed connect (two fcntl calls each way).
 */
final class BackendConnector {

	private BackendConnector() {
	}

	/** Whether opening {@code target} needs no name lookup (a Unix socket, or an address written out). */
	static boolean needsNoLookup(BackendAddress target) {
		return (target instanceof UnixSocket) || isAddressLiteral(((HostPort) target).host());
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

	/**
	 * @return a non-blocking channel whose connect has been started (and may already be
	 * complete: {@link SocketChannel#isConnected()})
	 */
	static SocketChannel startConnect(BackendAddress target) throws IOException {
		if (target instanceof UnixSocket unix) {
			return start(SocketChannel.open(StandardProtocolFamily.UNIX), UnixDomainSocketAddress.of(unix.path()), false);
		}
		HostPort hostPort = (HostPort) target;
		// Resolved per connection, so a backend's DNS change is followed without a reload.
		InetSocketAddress address = new InetSocketAddress(hostPort.host(), hostPort.port());
		if (address.isUnresolved()) {
			throw new UnknownHostException("cannot resolve " + hostPort.host());
		}
		// An IPv4 socket for an IPv4 backend: the JDK's default dual-stack socket costs an IPV6_V6ONLY call more.
		SocketChannel channel = (address.getAddress() instanceof Inet4Address)
				? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
		return start(channel, address, true);
	}

	private static SocketChannel start(SocketChannel channel, SocketAddress address, boolean tcp)
			throws IOException {
		try {
			channel.configureBlocking(false);
			if (tcp) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			}
			channel.connect(address);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}
}
