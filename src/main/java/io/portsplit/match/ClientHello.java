package io.portsplit.match;

import java.util.List;

/**
 * What routing needs from a TLS ClientHello.
 * <p>
 * With Encrypted Client Hello ({@code encryptedClientHello}, extension 0xfe0d) the real
 * ClientHello travels encrypted inside this one, the outer ClientHello (TLS Encrypted Client Hello): every field here
 * is the outer one's, so {@code serverName} is the public name of the ECH configuration, not
 * the host the client wants, and {@code alpn} the outer list. Browsers that do not use ECH
 * send a GREASE encrypted_client_hello that looks the same by design: then the outer
 * ClientHello is the only one and its name is the real one.
 *
 * @param legacyVersion the ClientHello's {@code legacy_version}, e.g. 0x0303
 * @param highestVersion the highest TLS version the client offers: the greatest value of the
 * form 0x03XX in {@code supported_versions} (extension 43), GREASE and other values (drafts)
 * ignored; {@code legacyVersion} when the extension is absent or offers no such value
 * @param serverName the {@code host_name} of {@code server_name} (extension 0), as sent (ASCII,
 * case kept); null when the extension is absent
 * @param alpn the protocol names of {@code application_layer_protocol_negotiation} (extension
 * 16) in the client's order, each byte one character (ISO-8859-1), GREASE values kept; empty
 * when the extension is absent
 * @param encryptedClientHello whether extension 0xfe0d (encrypted_client_hello) is present
 */
record ClientHello(int legacyVersion, int highestVersion, String serverName, List<String> alpn,
		boolean encryptedClientHello) {

	ClientHello {
		alpn = List.copyOf(alpn);
	}

	/** One line for an operator, e.g. {@code TLS 1.3, SNI 'a.example.com', ALPN [h2, http/1.1]}. */
	String describe() {
		StringBuilder text = new StringBuilder(versionName(this.highestVersion));
		if (this.encryptedClientHello) {
			text.append(", ECH");
		}
		if (this.serverName == null) {
			text.append(", no SNI");
		}
		else {
			text.append(this.encryptedClientHello ? ", outer SNI '" : ", SNI '").append(this.serverName).append('\'');
		}
		if (this.alpn.isEmpty()) {
			text.append(", no ALPN");
		}
		else {
			text.append(", ALPN [");
			for (int i = 0; i < this.alpn.size(); i++) {
				text.append((i == 0) ? "" : ", ");
				printable(this.alpn.get(i), text);
			}
			text.append(']');
		}
		return text.toString();
	}

	static String versionName(int version) {
		return switch (version) {
			case 0x0300 -> "SSL 3.0";
			case 0x0301 -> "TLS 1.0";
			case 0x0302 -> "TLS 1.1";
			case 0x0303 -> "TLS 1.2";
			case 0x0304 -> "TLS 1.3";
			default -> String.format("TLS version 0x%04x", version);
		};
	}

	/** ALPN names are bytes: GREASE and odd names show as escapes, not as raw control characters. */
	private static void printable(String name, StringBuilder text) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c > 0x20 && c < 0x7F && c != '\\' && c != ',' && c != ']') {
				text.append(c);
			}
			else {
				text.append(String.format("\\x%02x", (int) c));
			}
		}
	}
}
