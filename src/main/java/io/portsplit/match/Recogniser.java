package io.portsplit.match;

/**
 * One built-in protocol rule over the first bytes of a stream, before end of stream is taken
 * into account (the {@link Probe} does that). An implementation is exact: it answers
 * {@link Verdict#POSSIBLE} only while some continuation of the bytes would satisfy the rule,
 * and its answer is monotone in the sense of {@link Verdict}.
 */
@FunctionalInterface
interface Recogniser {

	/** The verdict on {@code data[0..length)}. */
	Verdict test(byte[] data, int length);
}
