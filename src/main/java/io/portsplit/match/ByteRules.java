package io.portsplit.match;

/**
 * Building blocks for recognisers whose rule is a set of conditions on fixed byte positions.
 * Each condition alone is exact; {@link #or} of alternatives is exact, and so is {@link #and}
 * of conditions on disjoint positions (each can still be met whatever the other's bytes are).
 */
final class ByteRules {

	private ByteRules() {
	}

	/** Whether {@code data[at..at + expected.length)} equals the expected bytes, as far as they have arrived. */
	static Verdict expect(byte[] data, int length, int at, byte[] expected) {
		for (int i = 0; i < expected.length; i++) {
			if (at + i >= length) {
				return Verdict.POSSIBLE;
			}
			if (data[at + i] != expected[i]) {
				return Verdict.IMPOSSIBLE;
			}
		}
		return Verdict.MATCH;
	}

	/** Whether byte {@code at} is valid, given that the bytes before it are. */
	@FunctionalInterface
	interface PositionRule {

		boolean valid(byte[] data, int at);
	}

	/** Whether the first {@code size} bytes are each valid by {@code rule}, as far as they have arrived. */
	static Verdict header(byte[] data, int length, int size, PositionRule rule) {
		for (int at = 0; at < size; at++) {
			if (at >= length) {
				return Verdict.POSSIBLE;
			}
			if (!rule.valid(data, at)) {
				return Verdict.IMPOSSIBLE;
			}
		}
		return Verdict.MATCH;
	}

	/** Whether the {@code count} bytes from {@code at} are all zero, as far as they have arrived. */
	static Verdict zeros(byte[] data, int length, int at, int count) {
		for (int i = at; i < at + count; i++) {
			if (i >= length) {
				return Verdict.POSSIBLE;
			}
			if (data[i] != 0) {
				return Verdict.IMPOSSIBLE;
			}
		}
		return Verdict.MATCH;
	}

	/** Both conditions: ruled out if either is, satisfied once both are. */
	static Verdict and(Verdict a, Verdict b) {
		if (a == Verdict.IMPOSSIBLE || b == Verdict.IMPOSSIBLE) {
			return Verdict.IMPOSSIBLE;
		}
		return (a == Verdict.MATCH && b == Verdict.MATCH) ? Verdict.MATCH : Verdict.POSSIBLE;
	}

	/** Either condition: satisfied once either is, ruled out once both are. */
	static Verdict or(Verdict a, Verdict b) {
		if (a == Verdict.MATCH || b == Verdict.MATCH) {
			return Verdict.MATCH;
		}
		return (a == Verdict.IMPOSSIBLE && b == Verdict.IMPOSSIBLE) ? Verdict.IMPOSSIBLE : Verdict.POSSIBLE;
	}

	/** The unsigned byte at {@code at}. */
	static int u8(byte[] data, int at) {
		return data[at] & 0xFF;
	}
}
