package io.portsplit.config;

/** A backend to connect to: a host name or address, resolved when a client is routed to it. */
public record HostPort(String host, int port) {

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}
}
