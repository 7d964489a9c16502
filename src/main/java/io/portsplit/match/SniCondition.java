package io.portsplit.match;

/**
 * {@code sni = GLOB}: the first bytes are a TLS ClientHello whose server name matches the
 * glob ({@link NameGlob}). A ClientHello without a server name never matches. It settles
 * only once the whole ClientHello is in, so that a split that happens to end right after
 * the server name cannot decide differently from the same bytes read at once (a malformed
 * or oversized ClientHello matches nothing, wherever its fault lies). With Encrypted Client
 * Hello the name is the outer, public one.
 */
public final class SniCondition implements Condition {

	private final NameGlob glob;

	private final int line;

	private SniCondition(NameGlob glob, int line) {
		this.glob = glob;
		this.line = line;
	}

	/** @throws IllegalArgumentException with a message for the operator if the glob is empty */
	public static SniCondition parse(String glob, int line) {
		return new SniCondition(NameGlob.parse(glob), line);
	}

	@Override
	public Kind kind() {
		return Kind.SNI;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		ClientHelloParser parser = bytes.clientHello();
		return switch (parser.status()) {
			case INCOMPLETE -> Verdict.POSSIBLE;
			case INVALID -> Verdict.IMPOSSIBLE;
			case COMPLETE -> {
				String name = parser.result().serverName();
				yield (name != null && this.glob.matches(name)) ? Verdict.MATCH : Verdict.IMPOSSIBLE;
			}
		};
	}

	@Override
	public int maxBytes() {
		return ClientHelloParser.MAX_STREAM_BYTES;
	}

	@Override
	public String option() {
		return "sni";
	}

	@Override
	public String value() {
		return this.glob.toString();
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return "sni '" + this.glob + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return TlsExplanations.explain(bytes, verdict, hello -> (hello.serverName() == null) ? "no server name"
				: "server name '" + hello.serverName() + "'");
	}

	@Override
	public String toString() {
		return option() + " = " + value();
	}
}
