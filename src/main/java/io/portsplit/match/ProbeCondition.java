package io.portsplit.match;

/**
 * {@code probe = NAME}: the first bytes are the start of a protocol, by one of the
 * built-in recognisers ({@link Probe}). The {@code http} probe reads the request line
 * through the connection's HTTP head parser, which {@code host} conditions share, so each
 * byte is parsed once however many of them look.
 */
public final class ProbeCondition implements Condition {

	private final Probe probe;

	private final int line;

	public ProbeCondition(Probe probe, int line) {
		this.probe = probe;
		this.line = line;
	}

	/**
	 * @param name the probe's name as written in the file
	 * @throws IllegalArgumentException naming the known probes if there is no such probe
	 */
	public static ProbeCondition parse(String name, int line) {
		Probe probe = Probe.named(name).orElseThrow(() -> new IllegalArgumentException("unknown probe '" + name
				+ "' (known probes: " + String.join(", ", Probe.names()) + ")"));
		return new ProbeCondition(probe, line);
	}

	@Override
	public Kind kind() {
		return Kind.FIRST_BYTES;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		if (this.probe == Probe.HTTP) {
			return switch (bytes.httpHead().requestLineStatus()) {
				case COMPLETE -> Verdict.MATCH;
				case INVALID -> Verdict.IMPOSSIBLE;
				case INCOMPLETE -> bytes.ended() ? Verdict.IMPOSSIBLE : Verdict.POSSIBLE;
			};
		}
		return this.probe.test(bytes.data(), bytes.length(), bytes.ended());
	}

	public Probe probe() {
		return this.probe;
	}

	@Override
	public int maxBytes() {
		return this.probe.maxBytes();
	}

	@Override
	public String option() {
		return "probe";
	}

	@Override
	public String value() {
		return this.probe.configName();
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return "probe " + this.probe.configName();
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return switch (verdict) {
			case MATCH -> "MATCHES";
			case POSSIBLE -> "still possible (" + bytes.length() + " bytes so far)";
			case IMPOSSIBLE -> "ruled out: not " + this.probe.rule();
		};
	}

	@Override
	public String toString() {
		return option() + " = " + value();
	}
}
