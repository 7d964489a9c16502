package io.portsplit.match;

/**
 * {@code host = GLOB}: the first bytes are an HTTP/1.x request head whose Host (its port
 * dropped) matches the glob ({@link NameGlob}). It settles once the head is complete, at
 * its empty line, so that what follows the Host line (a second Host, a malformed line)
 * counts whatever the split; a head without a Host never matches.
 */
public final class HostCondition implements Condition {

	private final NameGlob glob;

	private final int line;

	private HostCondition(NameGlob glob, int line) {
		this.glob = glob;
		this.line = line;
	}

	/** @throws IllegalArgumentException with a message for the operator if the glob is empty */
	public static HostCondition parse(String glob, int line) {
		return new HostCondition(NameGlob.parse(glob), line);
	}

	@Override
	public Kind kind() {
		return Kind.HOST;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		HttpHeadParser parser = bytes.httpHead();
		return switch (parser.status()) {
			case INCOMPLETE -> Verdict.POSSIBLE;
			case INVALID -> Verdict.IMPOSSIBLE;
			case COMPLETE -> {
				String host = parser.result().host();
				yield (host != null && this.glob.matches(host)) ? Verdict.MATCH : Verdict.IMPOSSIBLE;
			}
		};
	}

	@Override
	public int maxBytes() {
		return HttpHeadParser.MAX_HEAD_BYTES;
	}

	@Override
	public String option() {
		return "host";
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
		return "host '" + this.glob + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		HttpHeadParser parser = bytes.httpHead();
		return switch (verdict) {
			case MATCH -> "MATCHES (Host '" + parser.result().host() + "')";
			case POSSIBLE -> "still possible (the request head is not complete yet)";
			case IMPOSSIBLE -> (parser.status() == ParseStatus.COMPLETE)
					? "ruled out: " + ((parser.result().host() == null) ? "no Host" : "Host '" + parser.result().host() + "'")
					: "ruled out: not a complete HTTP/1.x request head within " + HttpHeadParser.MAX_HEAD_BYTES + " bytes";
		};
	}

	@Override
	public String toString() {
		return option() + " = " + value();
	}
}
