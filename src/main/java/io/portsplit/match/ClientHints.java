package io.portsplit.match;

import java.util.List;

/**
 * What a client asked for by name, where a condition parsed it: its TLS server name and
 * ALPN protocols, or its HTTP Host. For the decision's log line; never a metric tag, since
 * the values are the client's to choose.
 *
 * @param serverName the ClientHello's SNI, or null
 * @param alpn the ClientHello's ALPN protocols, empty if none or not parsed
 * @param host the HTTP request head's Host (port dropped), or null
 */
public record ClientHints(String serverName, List<String> alpn, String host) {

	public static final ClientHints NONE = new ClientHints(null, List.of(), null);

	public ClientHints {
		alpn = List.copyOf(alpn);
	}

	public boolean isEmpty() {
		return this.serverName == null && this.alpn.isEmpty() && this.host == null;
	}
}
