package io.portsplit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports for portsplit's own binds. The machine is shared, so a port is never hard-coded:
 * the kernel picks one that is free now, and the socket is closed again for portsplit.
 * The kernel may pick the same closed port twice in a row, and a test that asks for two ports
 * before binding either would then get a duplicate bind; so a port is handed out at most once
 * per test JVM.
 */
public final class FreePorts {

	private static final int ATTEMPTS = 200;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	public static final InetAddress IPV4 = address("127.0.0.1");

	public static final InetAddress IPV6 = address("::1");

	private FreePorts() {
	}

	/** A TCP port free on 127.0.0.1 right now. */
	public static int ipv4() {
		return on(IPV4);
	}

	/** A TCP port free on {@code address} right now. */
	public static int on(InetAddress address) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(address, 0));
				if (HANDED_OUT.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("no fresh port on " + address + " after " + ATTEMPTS + " attempts");
	}

	/** A port free on both 127.0.0.1 and ::1, for a configuration that binds both with one port. */
	public static int onBothFamilies() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try (ServerSocket v6 = new ServerSocket()) {
				v6.setReuseAddress(true);
				v6.bind(new InetSocketAddress(IPV6, 0));
				try (ServerSocket v4 = new ServerSocket()) {
					v4.setReuseAddress(true);
					v4.bind(new InetSocketAddress(IPV4, v6.getLocalPort()));
					if (HANDED_OUT.add(v6.getLocalPort())) {
						return v6.getLocalPort();
					}
				}
				catch (IOException taken) {
					// try another one
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("no port free on both 127.0.0.1 and ::1 after " + ATTEMPTS + " attempts");
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
