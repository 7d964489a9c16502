package io.portsplit.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.Locale;

final class Net {

	private Net() {
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static InetSocketAddress loopback(int port) {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	/** Whether anything listens on this TCP port, from /proc/net/tcp{,6}, without connecting. */
	static boolean listening(int port) {
		String hex = String.format(Locale.ROOT, ":%04X", port);
		for (String file : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
			String text = Proc.read(Paths.get(file));
			if (text == null) {
				continue;
			}
			for (String line : text.split("\n")) {
				String[] f = line.trim().split("\\s+");
				if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) {
					return true;
				}
			}
		}
		return false;
	}
}
