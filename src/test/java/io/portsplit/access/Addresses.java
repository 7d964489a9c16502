package io.portsplit.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses for tests, built from literals or bytes so that nothing is ever looked up. */
final class Addresses {

	private Addresses() {
	}

	static InetAddress ip(String literal) {
		return IpLiteral.parse(literal);
	}

	/**
	 * {@code ::ffff:a.b.c.d} as an {@link Inet6Address}, the form the JDK never builds from text
	 * but a caller may hold.
	 */
	static InetAddress mappedInet6(String ipv4) {
		try {
			return Inet6Address.getByAddress(null, Ipv4Mapped.map(ip(ipv4).getAddress()), -1);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** 127.x.y.z for {@code 0 <= n < 2^24}. */
	static InetAddress loopback(int n) {
		return Ipv4Mapped.byAddress(new byte[] { 127, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n });
	}

	/** 2001:db8:0:n::1, one address in each of many /64s. */
	static InetAddress ipv6Slash64(int n) {
		byte[] bytes = new byte[16];
		bytes[0] = 0x20;
		bytes[1] = 0x01;
		bytes[2] = 0x0d;
		bytes[3] = (byte) 0xb8;
		bytes[4] = (byte) (n >>> 24);
		bytes[5] = (byte) (n >>> 16);
		bytes[6] = (byte) (n >>> 8);
		bytes[7] = (byte) n;
		bytes[15] = 1;
		return Ipv4Mapped.byAddress(bytes);
	}
}
