package io.portsplit.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.portsplit.access.IpLiteral;

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
		return (address instanceof Inet6Address) ? "[" + IpLiteral.format(address) + "]:" + port
				: address.getHostAddress() + ":" + port;
	}
}
