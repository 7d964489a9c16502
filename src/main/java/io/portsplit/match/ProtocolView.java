package io.portsplit.match;

import java.util.ArrayList;
import java.util.List;

/** What the protocol parsers make of some first bytes, for an operator asking where they would go. */
public final class ProtocolView {

	private ProtocolView() {
	}

	/**
	 * {@code ClientHello: TLS 1.3, SNI 'a.example', ALPN [h2]} for a complete ClientHello,
	 * {@code HTTP request head: GET, Host 'a.example'} for a complete request head; nothing
	 * for bytes that are neither.
	 */
	public static List<String> describe(byte[] data) {
		List<String> lines = new ArrayList<>();
		ClientHelloParser hello = new ClientHelloParser();
		hello.feed(data, 0, data.length);
		hello.end();
		if (hello.status() == ParseStatus.COMPLETE) {
			lines.add("ClientHello: " + hello.result().describe());
		}
		HttpHeadParser head = new HttpHeadParser();
		head.feed(data, 0, data.length);
		head.end();
		if (head.status() == ParseStatus.COMPLETE) {
			lines.add("HTTP request head: " + head.result().describe());
		}
		return lines;
	}
}
