package io.portsplit.proxy;

import java.net.InetSocketAddress;

import io.portsplit.access.IpLiteral;

/**
 * What a PROXY protocol header says about a connection: the client's address and port
 * ({@code source}) and the address and port it connected to ({@code destination}), or, for a
 * {@link #local()} header, nothing: the proxy opened the connection on its own behalf (a health
 * check: v2 {@code LOCAL}, v1 {@code UNKNOWN}) or could not name the client, and the
 * connection's own addresses stand.
 *
 * <p>The components are both null for {@link #local()} and both set otherwise; callers that
 * only want an address use {@link #sourceOr} and {@link #destinationOr}. A decoded IPv4-mapped
 * IPv6 address is an {@link java.net.Inet4Address}, as the JDK gives it.
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination) {

	private static final ProxyHeader LOCAL = new ProxyHeader(null, null);

	public ProxyHeader {
		if ((source == null) != (destination == null)) {
			throw new IllegalArgumentException("a PROXY header has both addresses or neither");
		}
		if (source != null && (source.isUnresolved() || destination.isUnresolved())) {
			throw new IllegalArgumentException("a PROXY header carries addresses, not names");
		}
	}

	/** The header without addresses. */
	public static ProxyHeader local() {
		return LOCAL;
	}

	public boolean isLocal() {
		return this.source == null;
	}

	/** The client's address: the header's, or for a local header the connection's own peer. */
	public InetSocketAddress sourceOr(InetSocketAddress connectionSource) {
		return isLocal() ? connectionSource : this.source;
	}

	/** The address the client connected to: the header's, or for a local header the connection's own. */
	public InetSocketAddress destinationOr(InetSocketAddress connectionDestination) {
		return isLocal() ? connectionDestination : this.destination;
	}

	/** {@code LOCAL}, or {@code 192.0.2.7:56324 -> 198.51.100.1:443}, never with a name looked up. */
	@Override
	public String toString() {
		return isLocal() ? "LOCAL" : text(this.source) + " -> " + text(this.destination);
	}

	private static String text(InetSocketAddress address) {
		String host = IpLiteral.format(address.getAddress());
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
	}
}
