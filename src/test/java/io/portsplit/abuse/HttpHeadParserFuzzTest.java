package io.portsplit.abuse;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.match.ParserOutcomes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP request-head parser under arbitrary bytes split into arbitrary reads: it never
 * throws, neither its status nor its request line's leaves COMPLETE or INVALID once there,
 * the outcome of any split equals the outcome of one read, and it reads no byte outside each
 * read's range. Half the inputs are made of pieces of HTTP (methods, versions, line ends, Host
 * with ports and brackets, whitespace), where the parser's corner cases are. Run on its own without {@code JAZZER_FUZZ},
 * this replays the seeds in {@code HttpHeadParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} (the build's fuzz executions)
 * it replays them, then fuzzes.
 */
class HttpHeadParserFuzzTest {

	private static final String[] PIECES = { "GET", "CONNECT", " ", "/", "*", "HTTP/1.1", "HTTP/1.", "HTTP/2.0", "\r\n",
			"\n", "\r", "Host", "host", ":", ": ", "[::1]", "]", "[", "a.example.com", "8080", "\t", "X-A", "\0", "\u00e9",
			"\r\n\r\n", "\n\n", "a" };

	/** The short, bounded run: in {@code verify} (fuzzing, see the pom) and replaying the inputs under {@code mvn test}. */
	@FuzzTest(maxDuration = "10s")
	void outcomeIsMonotoneAndIndependentOfTheSplit(FuzzedDataProvider data) {
		check(data);
	}

	/** The long run: only when asked for, it would hold a build for half an hour. */
	@FuzzTest(maxDuration = "30m")
	@EnabledIfEnvironmentVariable(named = "PORTSPLIT_FUZZ_LONG", matches = "1")
	void outcomeIsMonotoneAndIndependentOfTheSplitLong(FuzzedDataProvider data) {
		check(data);
	}

	private static void check(FuzzedDataProvider data) {
		boolean end = data.consumeBoolean();
		long seed = data.consumeLong();
		int[] reads = new int[data.consumeInt(0, 24)];
		for (int i = 0; i < reads.length; i++) {
			reads[i] = data.consumeInt(1, 300);
		}
		byte[] input;
		if (data.consumeBoolean()) {
			StringBuilder text = new StringBuilder();
			int pieces = data.consumeInt(0, 200);
			for (int i = 0; i < pieces; i++) {
				text.append(PIECES[data.consumeInt(0, PIECES.length - 1)]);
			}
			input = text.toString().getBytes(StandardCharsets.ISO_8859_1);
		}
		else {
			input = data.consumeRemainingAsBytes();
		}

		String whole = ParserOutcomes.httpHeadWhole(input, end);
		assertThat(ParserOutcomes.httpHead(input, reads, end, seed)).isEqualTo(whole);
		assertThat(ParserOutcomes.httpHead(input, reads, end, ~seed)).isEqualTo(whole);
		// DOTALL: a Host may carry bytes 0x80-0xFF, and one read as Latin-1 may be a line terminator (0x85 is NEL).
		assertThat(whole).matches("(?s)request line (INCOMPLETE|COMPLETE|INVALID), head (INCOMPLETE|INVALID|COMPLETE HttpHead\\[.*)");
		if (whole.matches("(?s)request line \\w+, head COMPLETE.*")) {
			assertThat(whole).startsWith("request line COMPLETE");
		}
		if (end) {
			// The statuses only: a request target may spell INCOMPLETE itself.
			assertThat(whole).matches("(?s)request line (COMPLETE|INVALID), head (INVALID|COMPLETE HttpHead\\[.*)");
		}
	}
}
