package io.portsplit.match;

/**
 * What one test says of the bytes a client has sent so far. It is monotone: once a test
 * says {@link #MATCH} or {@link #IMPOSSIBLE} for some bytes, it says the same for every
 * continuation of them, so a decision never depends on how the bytes were split.
 */
public enum Verdict {

	/** The bytes so far satisfy it, whatever follows. */
	MATCH,

	/** Not yet: more bytes could still make it match or rule it out. */
	POSSIBLE,

	/** The bytes so far rule it out, whatever follows. */
	IMPOSSIBLE
}
