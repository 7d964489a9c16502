package io.portsplit.match;

import io.portsplit.config.BytePattern;

/**
 * How one pattern relates to the bytes received so far. The live matcher and the
 * explain tool both build on {@link #compare}, so an explanation cannot drift from
 * what the daemon does.
 */
public enum PatternComparison {

	/** The bytes start with the whole pattern. */
	MATCHES,

	/** The bytes are a proper prefix of the pattern: more bytes could still match. */
	STILL_POSSIBLE,

	/** A byte differs: this pattern can never match this client. */
	RULED_OUT;

	public static PatternComparison compare(BytePattern pattern, byte[] data, int length) {
		return compare(pattern, data, length, null);
	}

	/**
	 * @param firstDifference if not null and the result is {@link #RULED_OUT}, receives the
	 * index of the first byte that differs at {@code [0]}
	 */
	public static PatternComparison compare(BytePattern pattern, byte[] data, int length, int[] firstDifference) {
		int n = Math.min(pattern.length(), length);
		for (int i = 0; i < n; i++) {
			if (pattern.byteAt(i) != data[i]) {
				if (firstDifference != null) {
					firstDifference[0] = i;
				}
				return RULED_OUT;
			}
		}
		return (length >= pattern.length()) ? MATCHES : STILL_POSSIBLE;
	}
}
