package io.portsplit.match;

import java.util.List;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import io.portsplit.support.LogCapture;

import static io.portsplit.match.Conditions.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code regex}: a prefix match with the three exact verdicts, bounded input, bounded work. */
class RegexConditionTest {

	/** Catastrophic for a backtracking engine on a long run of a's without a b. */
	private static final String NESTED = "((a{1,10}){1,10}){1,10}b";

	private static Verdict test(String regex, String data) {
		return test(regex, bytes(data), false);
	}

	private static Verdict test(String regex, byte[] data, boolean ended) {
		RegexCondition condition = RegexCondition.parse(regex, 1);
		FirstBytes bytes = new ServiceMatcher(List.of(List.of(condition))).firstBytes(data);
		if (ended) {
			bytes.end();
		}
		return condition.test(bytes);
	}

	@Test
	void matchesFromTheFirstByteOnLikeLookingAt() {
		assertThat(test("GET|POST", "GET / HTTP/1.1")).isEqualTo(Verdict.MATCH);
		assertThat(test("[A-Z]+ /", "OPTIONS / HTTP/1.1")).isEqualTo(Verdict.MATCH);
		assertThat(test("HTTP", "GET / HTTP/1.1")).as("not a search").isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void possibleOnlyWhileMoreBytesCouldMakeItMatch() {
		assertThat(test("GET /[a-z]+ HTTP", "GET /ab")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("GET /[a-z]+ HTTP", "GET /a1")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("GET", "")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("GET", "X")).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void aMatchThatTheNextByteCouldUndoWaitsForIt() {
		// "a$" holds on "a" alone, and no longer once anything follows: not yet a match.
		assertThat(test("a$", "a")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("a$", "ab")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("a$", bytes("a"), true)).as("nothing can follow").isEqualTo(Verdict.MATCH);
		assertThat(test("ab\\b", "ab")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("ab\\b", "ab ")).isEqualTo(Verdict.MATCH);
	}

	@Test
	void theAbsoluteEndIsHeldLikeTheOtherAnchorsAlthoughTheJdkDoesNotSaySo() {
		// Matcher.requireEnd() is false after \z matched, yet one more byte undoes the match.
		assertThat(test("a\\z", "a")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test("a\\z", "ab")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("a\\z", bytes("a"), true)).isEqualTo(Verdict.MATCH);
		assertThat(RegexCondition.usesAbsoluteEnd("a\\z")).isTrue();
		assertThat(RegexCondition.usesAbsoluteEnd("a\\\\z")).as("a backslash, then z").isFalse();
		assertThat(RegexCondition.usesAbsoluteEnd("\\Qa\\z\\E")).as("quoted").isFalse();
		assertThat(RegexCondition.usesAbsoluteEnd("\\Qa\\E\\z")).isTrue();
	}

	@Test
	void anEndedClientSettlesEveryVerdict() {
		assertThat(test("GET /[a-z]+ HTTP", bytes("GET /ab"), true)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("GET", bytes("GE"), true)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void seesOneCharacterPerByteIncludingHighBytes() {
		assertThat(test("\\x16\\x03[\\x00-\\x04]", new byte[] { 0x16, 0x03, 0x01, 0x00 }, false)).isEqualTo(Verdict.MATCH);
		assertThat(test("\\xFF\\x00", new byte[] { (byte) 0xFF, 0x00 }, false)).isEqualTo(Verdict.MATCH);
		assertThat(test("\\xC3\\xA9", new byte[] { (byte) 0xC3, (byte) 0xA9 }, false)).as("UTF-8 bytes are two chars")
			.isEqualTo(Verdict.MATCH);
	}

	@Test
	void seesAtMostTheFirst1024BytesAndSettlesThere() {
		byte[] a1024 = "a".repeat(RegexCondition.MAX_BYTES).getBytes();
		assertThat(test("a*b", a1024, false)).as("the b would be byte 1025").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("a*$", a1024, false)).as("the end of what it sees is the end").isEqualTo(Verdict.MATCH);
		assertThat(test("a{1023}", a1024, false)).isEqualTo(Verdict.MATCH);
		assertThat(RegexCondition.parse("x", 1).maxBytes()).isEqualTo(RegexCondition.MAX_BYTES);
	}

	@Test
	void aHostileRegexRunsOutOfItsBudgetAndCountsAsNotMatching() {
		// Patterns the JDK's matcher cannot memoise: nested counted repetition, a backreference after a
		// nested quantifier, and stacked wildcards. Unbounded, each runs for seconds to years on these bytes.
		assertThat(test(NESTED, ("a".repeat(40) + "!").getBytes(), false)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test("(a+)+\\1b", ("a".repeat(28) + "!").getBytes(), false)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(".*.*.*.*.*.*.*.*x", "a".repeat(60).getBytes(), false)).isEqualTo(Verdict.IMPOSSIBLE);
		// The same regexes on friendly input are still exact.
		assertThat(test(NESTED, "aaab")).isEqualTo(Verdict.MATCH);
		assertThat(test(NESTED, "aaa")).isEqualTo(Verdict.POSSIBLE);
	}

	@Test
	void runningOutOfBudgetIsLoggedOncePerCondition() {
		RegexCondition hostile = RegexCondition.parse(NESTED, 12);
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(hostile)));
		try (LogCapture log = LogCapture.of(RegexCondition.class.getName(), Level.WARN)) {
			for (int i = 0; i < 3; i++) {
				assertThat(hostile.test(matcher.firstBytes(("a".repeat(40) + "!").getBytes()))).isEqualTo(Verdict.IMPOSSIBLE);
			}
			assertThat(log.messages()).hasSize(1)
				.first()
				.asString()
				.contains("regex '" + NESTED + "' (line 12) gave up after " + RegexCondition.WORK_BUDGET + " steps");
		}
	}

	@Test
	void isTakenAsWrittenAndABadOneIsRefusedWithWhereAndWhy() {
		assertThat(RegexCondition.parse("\\x16\\x03", 7).value()).isEqualTo("\\x16\\x03");
		assertThat(RegexCondition.parse("\\x16\\x03", 7).describe()).isEqualTo("regex '\\x16\\x03'");
		assertThatIllegalArgumentException().isThrownBy(() -> RegexCondition.parse("GET (", 1))
			.withMessageStartingWith("bad regex 'GET (': Unclosed group");
		assertThatIllegalArgumentException().isThrownBy(() -> RegexCondition.parse("*x", 1))
			.withMessageContaining("at index 0");
	}
}
