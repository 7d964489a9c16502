package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/**
 * Asserts that a parser's outcome does not depend on how the stream was cut into reads: every
 * cut into two reads, and one byte per read, give the outcome of a single read, with and
 * without end of stream after it.
 */
final class SplitFeeds {

	private SplitFeeds() {
	}

	/** {@code outcome} runs the parser on (input, read sizes, end) and describes the result. */
	static String assertSplitInvariant(byte[] input, Outcome outcome) {
		String whole = outcome.of(input, new int[0], false);
		String wholeEnded = outcome.of(input, new int[0], true);
		for (int cut = 0; cut <= input.length; cut++) {
			int[] reads = { cut, input.length - cut };
			assertThat(outcome.of(input, reads, false)).as("cut at %d of %s", cut, ParserOutcomes.hex(input)).isEqualTo(whole);
			assertThat(outcome.of(input, reads, true)).as("cut at %d, then end", cut).isEqualTo(wholeEnded);
		}
		int[] ones = new int[input.length];
		Arrays.fill(ones, 1);
		assertThat(outcome.of(input, ones, false)).as("one byte per read").isEqualTo(whole);
		assertThat(outcome.of(input, ones, true)).as("one byte per read, then end").isEqualTo(wholeEnded);
		return whole;
	}

	@FunctionalInterface
	interface Outcome {

		String of(byte[] input, int[] reads, boolean end);

		static Outcome clientHello() {
			return (input, reads, end) -> ParserOutcomes.clientHello(input, reads, end, input.length * 31L + reads.length);
		}

		static Outcome httpHead() {
			return (input, reads, end) -> ParserOutcomes.httpHead(input, reads, end, input.length * 31L + reads.length);
		}
	}
}
