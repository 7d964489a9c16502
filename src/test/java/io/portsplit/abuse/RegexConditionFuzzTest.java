package io.portsplit.abuse;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.match.FirstBytes;
import io.portsplit.match.RegexCondition;
import io.portsplit.match.ServiceMatcher;
import io.portsplit.match.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regex condition under arbitrary regexes and bytes: it never throws; a verdict it
 * settles on some first bytes (MATCH or IMPOSSIBLE) is what {@code lookingAt} says of every
 * longer run of those bytes, so a decision taken early is never contradicted by what comes
 * after; and it never says POSSIBLE once the client has ended its side. Regexes are built from pieces of regex
 * syntax (quantifiers, groups, anchors, classes, back-references), where the JDK's
 * {@code hitEnd}/{@code requireEnd} have their corner cases. Run on its own without {@code JAZZER_FUZZ},
 * this replays the seeds; with {@code JAZZER_FUZZ=1} (the build's fuzz executions) it replays them, then fuzzes.
 */
class RegexConditionFuzzTest {

	/** Below the condition's own budget, so that an input this test can judge is one the condition judges too. */
	private static final int BUDGET = 100_000;

	private static final String[] ATOMS = { "a", "b", "ab", ".", "[ab]", "[^a]", "\\x00", "\\xff", "\\s", "\\w" };

	private static final String[] QUANTIFIERS = { "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?" };

	private static final String[] ASSERTIONS = { "^", "$", "\\b", "\\B", "\\z", "\\Z", "(?=a)", "(?!b)" };

	@FuzzTest(maxDuration = "10s")
	void settledVerdictsHoldForEveryLongerInput(FuzzedDataProvider data) {
		check(data);
	}

	@FuzzTest(maxDuration = "30m")
	@EnabledIfEnvironmentVariable(named = "PORTSPLIT_FUZZ_LONG", matches = "1")
	void settledVerdictsHoldForEveryLongerInputLong(FuzzedDataProvider data) {
		check(data);
	}

	private static void check(FuzzedDataProvider data) {
		StringBuilder regex = new StringBuilder();
		sequence(data, regex, 0, new int[1]);
		RegexCondition condition;
		Pattern pattern;
		try {
			condition = RegexCondition.parse(regex.toString(), 1);
			pattern = Pattern.compile(regex.toString());
		}
		catch (IllegalArgumentException ex) {
			// Not a regex, e.g. a quantifier the JDK finds too large: the configuration refuses it.
			return;
		}
		byte[] input = data.consumeBytes(data.consumeInt(0, 40));
		if (data.consumeBoolean()) {
			for (int i = 0; i < input.length; i++) {
				input[i] = (byte) "ab\0".charAt(Math.floorMod(input[i], 3));
			}
		}
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(condition)));

		// Where a verdict is settled, every longer prefix (and the whole input) must agree with it.
		for (int n = 0; n <= input.length; n++) {
			Verdict verdict = condition.test(matcher.firstBytes(Arrays.copyOf(input, n)));
			if (verdict == Verdict.POSSIBLE) {
				continue;
			}
			if (lookingAt(pattern, input, n) == null) {
				// More work than this test allows, so perhaps more than the condition's budget: there its
				// IMPOSSIBLE is the documented answer for a regex that gives up, not a verdict on the bytes.
				continue;
			}
			for (int m = n; m <= input.length; m++) {
				Boolean found = lookingAt(pattern, input, m);
				if (found != null) {
					assertThat(found).as("%s said %s on %d bytes; lookingAt on %d bytes", regex, verdict, n, m)
						.isEqualTo(verdict == Verdict.MATCH);
				}
			}
		}
		FirstBytes whole = matcher.firstBytes(input);
		whole.end();
		Verdict ended = condition.test(whole);
		assertThat(ended).as("an ended client settles it").isNotEqualTo(Verdict.POSSIBLE);
		Boolean found = lookingAt(pattern, input, input.length);
		if (found != null) {
			assertThat(ended == Verdict.MATCH).as("%s on the whole input, ended", regex).isEqualTo(found);
		}
	}

	/** What the JDK says of the first {@code n} bytes; null where it would take more work than the condition allows. */
	private static Boolean lookingAt(Pattern pattern, byte[] input, int n) {
		int[] reads = new int[1];
		CharSequence chars = new CharSequence() {

			@Override
			public int length() {
				return n;
			}

			@Override
			public char charAt(int index) {
				if (++reads[0] > BUDGET) {
					throw new IllegalStateException("over budget");
				}
				return (char) (input[index] & 0xFF);
			}

			@Override
			public CharSequence subSequence(int start, int end) {
				return toString().substring(start, end);
			}

			@Override
			public String toString() {
				char[] all = new char[n];
				for (int i = 0; i < n; i++) {
					all[i] = (char) (input[i] & 0xFF);
				}
				return new String(all);
			}
		};
		try {
			return pattern.matcher(chars).lookingAt();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * A regex from a small grammar, so that it always compiles: the fuzzer's bytes choose its
	 * shape, never its syntax (a pattern that fails to compile is only the configuration's
	 * error, and Jazzer would report one built from its input as an injection).
	 */
	private static void sequence(FuzzedDataProvider data, StringBuilder regex, int depth, int[] groups) {
		int items = data.consumeInt(1, 4);
		for (int i = 0; i < items; i++) {
			switch (data.consumeInt(0, (depth < 2) ? 4 : 2)) {
				case 0, 1 -> regex.append(ATOMS[data.consumeInt(0, ATOMS.length - 1)])
					.append(QUANTIFIERS[data.consumeInt(0, QUANTIFIERS.length - 1)]);
				case 2 -> regex.append((groups[0] > 0 && data.consumeBoolean()) ? "\\1"
						: ASSERTIONS[data.consumeInt(0, ASSERTIONS.length - 1)]);
				default -> {
					boolean capturing = data.consumeBoolean();
					regex.append(capturing ? "(" : "(?:");
					if (capturing) {
						groups[0]++;
					}
					sequence(data, regex, depth + 1, groups);
					if (data.consumeBoolean()) {
						regex.append('|');
						sequence(data, regex, depth + 1, groups);
					}
					regex.append(')').append(QUANTIFIERS[data.consumeInt(0, QUANTIFIERS.length - 1)]);
				}
			}
		}
	}
}
