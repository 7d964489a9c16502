package io.portsplit.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A local address to listen on, as written in a {@code bind} line. */
public record BindAddress(InetAddress address, int port) {

	public InetSocketAddress socketAddress() {
		return new InetSocketAddress(this.address, this.port);
	}

	/** IPv6 in brackets so that the port stays readable: {@code [::1]:9090}. */
	@Override
	public String toString() {
		return hostPort(this.address, this.port);
	}

	/** {@code 127.0.0.1:80} or {@code [::1]:80}, IPv6 in its short form (RFC 5952). */
	public static String hostPort(InetAddress address, int port) {
		return (address instanceof Inet6Address) ? "[" + shortIpv6(address) + "]:" + port
				: address.getHostAddress() + ":" + port;
	}

	private static String shortIpv6(InetAddress address) {
		byte[] b = address.getAddress();
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8; i++) {
			int j = i;
			while (j < 8 && groups[j] == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}
}
