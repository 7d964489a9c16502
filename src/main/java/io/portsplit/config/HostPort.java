package io.portsplit.config;

/** A TCP backend: a host name or address, resolved when a client is routed to it, and a port. */
public record HostPort(String host, int port) implements BackendAddress {

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}
}
