package io.portsplit.config;

import java.net.InetSocketAddress;

/** A backend to connect to: a host name or address, resolved when a client is routed to it. */
public record HostPort(String host, int port) {

	public InetSocketAddress unresolved() {
		return InetSocketAddress.createUnresolved(this.host, this.port);
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}
}
