package io.portsplit.abuse;

import java.io.ByteArrayOutputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.match.ParserOutcomes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClientHello parser under arbitrary bytes split into arbitrary reads: it never throws,
 * its status never leaves COMPLETE or INVALID once there (checked after every read), the
 * outcome of any split equals the outcome of one read, and it reads no byte outside each
 * read's range (every read sits between garbage, different for each run). Half the inputs
 * get a record header and a handshake header in front, with true or fuzzed lengths, so that
 * the fuzzer spends its time in the ClientHello rather than in the first byte. Run on its own without {@code JAZZER_FUZZ},
 * this replays the seeds in {@code ClientHelloParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} (the build's fuzz executions)
 * it replays them, then fuzzes.
 */
class ClientHelloParserFuzzTest {

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
			reads[i] = data.consumeInt(1, 700);
		}
		int framing = data.consumeInt(0, 3);
		int fuzzedLength = data.consumeInt(0, 0xFFFF);
		byte[] body = data.consumeRemainingAsBytes();
		byte[] input = switch (framing) {
			case 0, 1 -> body;
			case 2 -> framed(body, body.length);
			default -> framed(body, fuzzedLength);
		};

		String whole = ParserOutcomes.clientHelloWhole(input, end);
		assertThat(ParserOutcomes.clientHello(input, reads, end, seed)).isEqualTo(whole);
		assertThat(ParserOutcomes.clientHello(input, reads, end, ~seed)).isEqualTo(whole);
		// DOTALL: an ALPN name is any bytes, and one read as Latin-1 may be a line terminator (0x85 is NEL).
		assertThat(whole).matches("(?s)INCOMPLETE|INVALID|COMPLETE ClientHello\\[.*");
		if (end) {
			assertThat(whole).isNotEqualTo("INCOMPLETE");
		}
	}

	/** One handshake record holding a ClientHello header whose body is the fuzzer's bytes. */
	private static byte[] framed(byte[] body, int bodyLength) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int recordLength = Math.max(1, Math.min(16_384, 4 + body.length));
		out.writeBytes(new byte[] { 0x16, 0x03, 0x01, (byte) (recordLength >>> 8), (byte) recordLength });
		out.writeBytes(new byte[] { 0x01, (byte) (bodyLength >>> 16), (byte) (bodyLength >>> 8), (byte) bodyLength });
		out.writeBytes(body);
		return out.toByteArray();
	}
}
