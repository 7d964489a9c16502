package io.portsplit.match;

import java.nio.charset.StandardCharsets;

/**
 * {@code alpn = PROTO}: the first bytes are a TLS ClientHello whose ALPN list holds this
 * protocol name exactly. Like {@code sni} ({@link NameCondition}), it settles once the whole ClientHello is in.
 */
public final class AlpnCondition implements Condition {

	/** An ALPN protocol name is one to 255 bytes. */
	private static final int MAX_NAME_BYTES = 255;

	private final String protocol;

	private final int line;

	private AlpnCondition(String protocol, int line) {
		this.protocol = protocol;
		this.line = line;
	}

	/**
	 * @param protocol the name as written; matched byte for byte (names are ASCII in practice)
	 * @throws IllegalArgumentException if it is longer than a protocol name can be
	 */
	public static AlpnCondition parse(String protocol, int line) {
		byte[] bytes = protocol.getBytes(StandardCharsets.UTF_8);
		if (bytes.length == 0 || bytes.length > MAX_NAME_BYTES) {
			throw new IllegalArgumentException("bad ALPN protocol name '" + protocol + "': a name is 1 to "
					+ MAX_NAME_BYTES + " bytes");
		}
		// The parser gives each byte as one character (ISO-8859-1): compare in that form.
		return new AlpnCondition(new String(bytes, StandardCharsets.ISO_8859_1), line);
	}

	@Override
	public Kind kind() {
		return Kind.ALPN;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		ClientHelloParser parser = bytes.clientHello();
		return switch (parser.status()) {
			case INCOMPLETE -> Verdict.POSSIBLE;
			case INVALID -> Verdict.IMPOSSIBLE;
			case COMPLETE -> parser.result().alpn().contains(this.protocol) ? Verdict.MATCH : Verdict.IMPOSSIBLE;
		};
	}

	@Override
	public int maxBytes() {
		return ClientHelloParser.MAX_STREAM_BYTES;
	}

	@Override
	public String option() {
		return "alpn";
	}

	@Override
	public String value() {
		return new String(this.protocol.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return "alpn '" + value() + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return TlsExplanations.explain(bytes, verdict,
				hello -> hello.alpn().isEmpty() ? "no ALPN" : "ALPN " + hello.alpn());
	}

	@Override
	public String toString() {
		return option() + " = " + value();
	}
}
