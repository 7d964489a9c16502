package io.portsplit.abuse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.match.Condition;
import io.portsplit.match.StringCondition;
import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.ProgramLocator;
import io.portsplit.config.ServiceSpec;
import io.portsplit.route.Outcome;
import io.portsplit.route.RoutingTable;
import io.portsplit.support.ChunkedFeeder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matching rules under arbitrary patterns and bytes split anywhere: the decision is always one of
 * the defined outcomes, is taken before the bounded buffer overflows, is the one rules 1
 * and 2 give for the bytes seen when it was taken, and does not depend on the split when
 * no pattern is a prefix of another (where the "as soon as" exception of the README's "Matching" cannot apply).
 * Patterns go through the config file, as escapes, so the parser's escape handling is
 * fuzzed on the way.
 */
class MatcherFuzzTest {

	private static final Path FILE = Path.of("/fuzz/matcher.conf");

	private static final ProgramLocator PROGRAMS = new ProgramLocator("/bin:/usr/bin");

	/** The short, bounded run: in {@code verify} (fuzzing, see the pom) and replaying the inputs under {@code mvn test}. */
	@FuzzTest(maxDuration = "10s")
	void decisionIsDefinedBoundedAndIndependentOfTheSplit(FuzzedDataProvider data) throws ConfigException {
		check(data);
	}

	/** The long run, documented in the README: only when asked for, it would hold a build for half an hour. */
	@FuzzTest(maxDuration = "30m")
	@EnabledIfEnvironmentVariable(named = "PORTSPLIT_FUZZ_LONG", matches = "1")
	void decisionIsDefinedBoundedAndIndependentOfTheSplitLong(FuzzedDataProvider data) throws ConfigException {
		check(data);
	}

	private static void check(FuzzedDataProvider data) throws ConfigException {
		// A small alphabet makes prefixes collide, where the matcher's corner cases are.
		boolean narrow = data.consumeBoolean();
		List<List<byte[]>> services = new ArrayList<>();
		int serviceCount = data.consumeInt(1, 4);
		for (int s = 0; s < serviceCount; s++) {
			List<byte[]> patterns = new ArrayList<>();
			int patternCount = data.consumeInt(1, 3);
			for (int p = 0; p < patternCount; p++) {
				patterns.add(bytes(data, data.consumeInt(1, 12), narrow));
			}
			services.add(patterns);
		}
		boolean fallback = data.consumeBoolean();
		byte[] input = bytes(data, data.consumeInt(0, 40), narrow);
		int[] reads = new int[input.length + 1];
		for (int i = 0; i < reads.length; i++) {
			reads[i] = data.consumeInt(1, 16);
		}

		RoutingTable table = new RoutingTable(ConfigLoader.load(configText(services, fallback), FILE, PROGRAMS));
		ChunkedFeeder.Fed split = ChunkedFeeder.feed(table, input, reads);
		ChunkedFeeder.Fed whole = ChunkedFeeder.oneRead(table, input);

		assertThat(split.decision().outcome()).isIn(Outcome.MATCH, Outcome.FALLBACK, Outcome.EOF);
		assertThat(split.bytesSeen()).isLessThanOrEqualTo(table.matcher().maxBytes());
		byte[] seen = Arrays.copyOf(input, split.bytesSeen());
		assertThat(split.decision().outcome()).isEqualTo(expected(table, seen));
		if (split.decision().outcome() == Outcome.MATCH) {
			StringCondition pattern = (StringCondition) split.decision().matched().get(0);
			assertThat(startsWith(seen, pattern.bytes())).isTrue();
			assertThat(split.decision().service().orElseThrow()).isEqualTo(firstServiceMatching(table, seen));
		}
		if (prefixFree(services)) {
			assertThat(split.decision()).isEqualTo(whole.decision());
		}
	}

	/** Rules 1, 2 and 4 stated independently of the matcher, for the bytes seen at the decision. */
	private static Outcome expected(RoutingTable table, byte[] seen) {
		if (firstServiceMatching(table, seen) != null) {
			return Outcome.MATCH;
		}
		return (seen.length == 0) ? Outcome.EOF : Outcome.FALLBACK;
	}

	private static ServiceSpec firstServiceMatching(RoutingTable table, byte[] seen) {
		for (ServiceSpec service : table.services()) {
			for (Condition condition : service.conditions()) {
				if (startsWith(seen, ((StringCondition) condition).bytes())) {
					return service;
				}
			}
		}
		return null;
	}

	private static boolean startsWith(byte[] data, byte[] prefix) {
		return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
	}

	private static boolean prefixFree(List<List<byte[]>> services) {
		List<byte[]> all = services.stream().flatMap(List::stream).toList();
		for (int i = 0; i < all.size(); i++) {
			for (int j = 0; j < all.size(); j++) {
				if (i != j && startsWith(all.get(j), all.get(i))) {
					return false;
				}
			}
		}
		return true;
	}

	private static byte[] bytes(FuzzedDataProvider data, int length, boolean narrow) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = narrow ? (byte) ("AB\u00c3".charAt(data.consumeInt(0, 2))) : data.consumeByte();
		}
		return bytes;
	}

	private static String configText(List<List<byte[]>> services, boolean fallback) {
		StringBuilder text = new StringBuilder("bind = 127.0.0.1:1\n");
		for (int s = 0; s < services.size(); s++) {
			text.append("[s").append(s).append("]\n");
			for (byte[] pattern : services.get(s)) {
				text.append("string = ");
				for (byte b : pattern) {
					text.append(String.format("\\%02x", b & 0xff));
				}
				text.append('\n');
			}
			text.append("connect = 127.0.0.1:1\n");
		}
		if (fallback) {
			text.append("[fallback]\nconnect = 127.0.0.1:1\n");
		}
		return text.toString();
	}
}
