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
		String host = this.address.getHostAddress();
		return (this.address instanceof Inet6Address) ? "[" + host + "]:" + this.port : host + ":" + this.port;
	}
}
