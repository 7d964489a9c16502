package io.portsplit.match;

/**
 * One matching option of a service, as one small function of the client's first bytes:
 * each kind of test is a class of its own, all with the same three-valued answer. The
 * matcher knows nothing else about them.
 * <p>
 * Conditions of one {@link Kind} are alternatives (any of them will do); a service with
 * conditions of several kinds needs one of each.
 */
public sealed interface Condition
		permits StringCondition, RegexCondition, ProbeCondition, NameCondition, AlpnCondition {

	/** Which alternatives a condition belongs to. */
	enum Kind {

		/** What the first bytes are: {@code string}, {@code regex}, {@code probe}. */
		FIRST_BYTES,

		/** The server name of a TLS ClientHello: {@code sni}. */
		SNI,

		/** A protocol of a TLS ClientHello's ALPN list: {@code alpn}. */
		ALPN,

		/** The Host of an HTTP/1.x request head: {@code host}. */
		HOST
	}

	Kind kind();

	/**
	 * What the bytes so far say. Monotone (see {@link Verdict}); reads at most
	 * {@link #maxBytes()} of them, and never answers {@link Verdict#POSSIBLE} once that many
	 * are in or the client has ended its sending side.
	 */
	Verdict test(FirstBytes bytes);

	/** The most bytes it looks at: with that many in, it has settled. At least 1. */
	int maxBytes();

	/** The option's name in the file: {@code string}, {@code regex}, ... */
	String option();

	/** The value as written in the file, escapes and all: {@code GET\20}. */
	String value();

	/** Line of the configuration file that declared it. */
	int line();

	/** How logs and decisions name it: {@code pattern 'GET\20'}. */
	String describe();

	/** Why it gives {@code verdict} for these bytes, for an operator: {@code ruled out at byte 0 (0x47 != 0x53)}. */
	String explain(FirstBytes bytes, Verdict verdict);
}
