package io.portsplit.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.match.StringCondition;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.Condition;
import io.portsplit.match.Conditions;
import io.portsplit.match.StringCondition;
import io.portsplit.support.ChunkedFeeder;

/**
 * The decision depends only on the bytes, not on how they were split, except that a
 * decision is taken as soon as rule 1 or 2 applies. Random configurations over a
 * three-letter alphabet (so prefixes collide a lot) and random inputs are fed to the
 * routing table the way the connection feeds it: each read at most what the conditions
 * still want, then end of stream. One read of everything is compared with random splits, and both with an
 * independent statement of rules 1, 2 and 4.
 */
class SplitInvarianceTest {

	private static final byte[] ALPHABET = { 'A', 'B', (byte) 0xC3 };

	/** The result of feeding one input, comparable across splits. */
	record Result(Outcome outcome, String service, StringCondition pattern) {

		static Result of(Decision decision) {
			return new Result(decision.outcome(), decision.serviceName(),
					decision.matched().isEmpty() ? null : (StringCondition) decision.matched().get(0));
		}
	}

	/** Feeds {@code input} in reads of the given sizes (each capped like the read limit), then end of stream. */
	static Result feed(RoutingTable table, byte[] input, int[] reads) {
		return Result.of(ChunkedFeeder.feed(table, input, reads).decision());
	}

	static Result oneRead(RoutingTable table, byte[] input) {
		return feed(table, input, new int[] { Integer.MAX_VALUE });
	}

	static Result byteByByte(RoutingTable table, byte[] input) {
		int[] ones = new int[input.length];
		Arrays.fill(ones, 1);
		return feed(table, input, ones);
	}

	static int[] randomSplit(SplittableRandom random, int length) {
		List<Integer> reads = new ArrayList<>();
		int left = length;
		while (left > 0) {
			int n = 1 + random.nextInt(Math.max(1, Math.min(left, 4)));
			reads.add(n);
			left -= n;
		}
		return reads.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Rules 1, 2 and 4 stated directly, for everything received in one piece. */
	static Result oracle(List<ServiceSpec> services, boolean fallback, byte[] input, int decisiveLength) {
		if (input.length == 0) {
			return new Result(Outcome.EOF, "-", null);
		}
		byte[] seen = Arrays.copyOf(input, Math.min(input.length, decisiveLength));
		for (ServiceSpec service : services) {
			for (StringCondition pattern : strings(service)) {
				if (seen.length >= pattern.length()
						&& Arrays.equals(seen, 0, pattern.length(), pattern.bytes(), 0, pattern.length())) {
					return new Result(Outcome.MATCH, service.name(), pattern);
				}
			}
		}
		return new Result(Outcome.FALLBACK, fallback ? ServiceSpec.FALLBACK : "-", null);
	}

	static byte[] randomBytes(SplittableRandom random, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return bytes;
	}

	static List<ServiceSpec> randomServices(SplittableRandom random) {
		List<ServiceSpec> services = new ArrayList<>();
		int count = 1 + random.nextInt(4);
		for (int s = 0; s < count; s++) {
			List<StringCondition> patterns = new ArrayList<>();
			int n = 1 + random.nextInt(3);
			for (int p = 0; p < n; p++) {
				patterns.add(Conditions.string(randomBytes(random, 1 + random.nextInt(4))));
			}
			services.add(Services.service("s" + s, patterns));
		}
		return services;
	}

	/** An input near the patterns: a pattern, cut or extended or with one byte changed, or noise. */
	static byte[] randomInput(SplittableRandom random, List<ServiceSpec> services) {
		List<StringCondition> all = services.stream().flatMap(s -> strings(s).stream()).toList();
		byte[] base = all.get(random.nextInt(all.size())).bytes();
		return switch (random.nextInt(5)) {
			case 0 -> Arrays.copyOf(base, random.nextInt(base.length + 1));
			case 1 -> {
				byte[] tail = randomBytes(random, random.nextInt(6));
				byte[] joined = Arrays.copyOf(base, base.length + tail.length);
				System.arraycopy(tail, 0, joined, base.length, tail.length);
				yield joined;
			}
			case 2 -> {
				byte[] changed = base.clone();
				changed[random.nextInt(changed.length)] = ALPHABET[random.nextInt(ALPHABET.length)];
				yield changed;
			}
			default -> randomBytes(random, random.nextInt(7));
		};
	}

	/** True when a pattern comes later (in file order) than a longer pattern it is a proper prefix of. */
	static boolean hasLaterShorterPrefix(List<StringCondition> ordered) {
		for (int i = 0; i < ordered.size(); i++) {
			for (int j = i + 1; j < ordered.size(); j++) {
				if (isProperPrefix(ordered.get(j), ordered.get(i))) {
					return true;
				}
			}
		}
		return false;
	}

	static boolean isProperPrefix(StringCondition shorter, StringCondition longer) {
		return shorter.length() < longer.length()
				&& Arrays.equals(shorter.bytes(), 0, shorter.length(), longer.bytes(), 0, shorter.length());
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })
	void splittingNeverChangesTheDecisionUnlessALaterShorterPatternWinsEarly(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int strictConfigs = 0;
		for (int c = 0; c < 150; c++) {
			List<ServiceSpec> services = randomServices(random);
			boolean withFallback = random.nextBoolean();
			RoutingTable table = new RoutingTable(RoutingTableTest.config(services,
					withFallback ? Optional.of(RoutingTableTest.FALLBACK) : Optional.empty(), Optional.empty()));
			List<StringCondition> ordered = services.stream().flatMap(s -> strings(s).stream()).toList();
			List<StringCondition> otherServices = new ArrayList<>();
			boolean serviceExceptionPossible = false;
			for (ServiceSpec service : services) {
				for (StringCondition later : strings(service)) {
					serviceExceptionPossible |= otherServices.stream().anyMatch(earlier -> isProperPrefix(later, earlier));
				}
				otherServices.addAll(strings(service));
			}
			boolean patternExceptionPossible = hasLaterShorterPrefix(ordered);
			if (!patternExceptionPossible) {
				strictConfigs++;
			}
			for (int k = 0; k < 20; k++) {
				byte[] input = randomInput(random, services);
				String what = "seed " + seed + ", services " + describe(services) + ", input " + Arrays.toString(input);
				Result whole = oneRead(table, input);
				assertThat(whole).as("one read vs. the rules: " + what)
					.isEqualTo(oracle(services, withFallback, input, table.matcher().maxBytes()));
				for (int[] split : List.of(randomSplit(random, input.length), randomSplit(random, input.length))) {
					checkSplit(table, input, whole, feed(table, input, split), serviceExceptionPossible,
							patternExceptionPossible, what + ", split " + Arrays.toString(split));
				}
				checkSplit(table, input, whole, byteByByte(table, input), serviceExceptionPossible,
						patternExceptionPossible, what + ", byte by byte");
			}
		}
		assertThat(strictConfigs).as("the generator must produce prefix-free configurations too").isGreaterThan(20);
	}

	private static void checkSplit(RoutingTable table, byte[] input, Result whole, Result split,
			boolean serviceExceptionPossible, boolean patternExceptionPossible, String what) {
		if (!patternExceptionPossible) {
			assertThat(split).as(what).isEqualTo(whole);
			return;
		}
		if (!serviceExceptionPossible) {
			assertThat(split.outcome()).as(what).isEqualTo(whole.outcome());
			assertThat(split.service()).as(what).isEqualTo(whole.service());
		}
		if (!split.equals(whole)) {
			// The only allowed difference: an earlier decision by a complete, shorter pattern
			// that the whole input's (longer, earlier in the file) pattern starts with.
			assertThat(split.outcome()).as(what).isEqualTo(Outcome.MATCH);
			assertThat(whole.outcome()).as(what).isEqualTo(Outcome.MATCH);
			assertThat(isProperPrefix(split.pattern(), whole.pattern())).as(what).isTrue();
		}
	}

	private static String describe(List<ServiceSpec> services) {
		StringBuilder text = new StringBuilder();
		for (ServiceSpec service : services) {
			text.append(service.name()).append(strings(service)).append(' ');
		}
		return text.toString().trim();
	}

	@Test
	void theSpecsExceptionActuallyHappens() {
		ServiceSpec longFirst = Services.service("long", "GET /x");
		ServiceSpec shortLater = Services.service("short", "GET");
		RoutingTable table = new RoutingTable(
				RoutingTableTest.config(List.of(longFirst, shortLater), Optional.empty(), Optional.empty()));
		byte[] input = Conditions.bytes("GET /x");
		assertThat(oneRead(table, input).service()).isEqualTo("long");
		assertThat(byteByByte(table, input).service()).isEqualTo("short");
		assertThat(feed(table, input, new int[] { 2, 1, 3 }).service()).isEqualTo("short");
		assertThat(feed(table, input, new int[] { 2, 4 }).service()).isEqualTo("long");
	}

	@Test
	void prefixFreeConfigurationDecidesTheSameForEverySplitOfAnHttpRequest() {
		List<ServiceSpec> services = List.of(Services.service("http", "GET ", "POST ", "HEAD "),
				Services.service("ssh", "SSH-"), Services.service("tls", "\u0016\u0003"));
		RoutingTable table = new RoutingTable(RoutingTableTest.config(services, Optional.of(RoutingTableTest.FALLBACK),
				Optional.empty()));
		for (String request : List.of("GET / HTTP/1.1\r\n", "POST /x", "SSH-2.0-OpenSSH_9.2", "HEAD", "GETX", "S", "")) {
			byte[] input = Conditions.bytes(request);
			Result whole = oneRead(table, input);
			for (int first = 1; first <= input.length; first++) {
				Result split = feed(table, input, new int[] { first, 1, 2, 3, 100 });
				assertThat(split).as(request + " split after " + first).isEqualTo(whole);
			}
			assertThat(byteByByte(table, input)).as(request).isEqualTo(whole);
		}
	}

	static List<StringCondition> strings(ServiceSpec service) {
		return service.conditions().stream().map(StringCondition.class::cast).toList();
	}
}
