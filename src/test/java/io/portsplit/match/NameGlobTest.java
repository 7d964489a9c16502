package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Host-name globs: stars, question marks, case, trailing dots, and no blow-up. */
class NameGlobTest {

	private static boolean matches(String pattern, String name) {
		return NameGlob.parse(pattern).matches(name);
	}

	@Test
	void literalNamesMatchThemselvesWithoutCase() {
		assertThat(matches("a.example.com", "a.example.com")).isTrue();
		assertThat(matches("A.Example.COM", "a.example.com")).isTrue();
		assertThat(matches("a.example.com", "A.EXAMPLE.com")).isTrue();
		assertThat(matches("a.example.com", "b.example.com")).isFalse();
		assertThat(matches("a.example.com", "a.example.co")).isFalse();
		assertThat(matches("a.example.com", "a.example.comm")).isFalse();
		// Only ASCII letters fold: the Kelvin sign is not a K.
		assertThat(matches("k.example", "\u212a.example")).isFalse();
	}

	@Test
	void aTrailingDotIsIgnoredOnEitherSide() {
		assertThat(matches("a.example.com.", "a.example.com")).isTrue();
		assertThat(matches("a.example.com", "a.example.com.")).isTrue();
		assertThat(matches("*.example.com", "a.example.com.")).isTrue();
		assertThat(matches("a.example.com", "a.example.com..")).isFalse();
	}

	@Test
	void aStarIsAnyRunDotsIncluded() {
		assertThat(matches("*.example.com", "a.example.com")).isTrue();
		assertThat(matches("*.example.com", "a.b.example.com")).isTrue();
		assertThat(matches("*.example.com", "example.com")).isFalse();
		assertThat(matches("*.example.com", ".example.com")).isTrue();
		assertThat(matches("*example.com", "example.com")).isTrue();
		assertThat(matches("*", "")).isTrue();
		assertThat(matches("*", "anything.at.all")).isTrue();
		assertThat(matches("a*b*c", "abc")).isTrue();
		assertThat(matches("a*b*c", "aXbYbZc")).isTrue();
		assertThat(matches("a*b*c", "aXbYbZcd")).isFalse();
		assertThat(matches("www.*.com", "www.example.com")).isTrue();
		assertThat(matches("www.*.com", "www.example.org")).isFalse();
		assertThat(matches("**", "x")).isTrue();
	}

	@Test
	void aQuestionMarkIsExactlyOneCharacter() {
		assertThat(matches("host?.example", "host1.example")).isTrue();
		assertThat(matches("host?.example", "host.example")).isFalse();
		assertThat(matches("host?.example", "host12.example")).isFalse();
		assertThat(matches("?", ".")).isFalse();
		assertThat(matches("a?c", "a.c")).isTrue();
		assertThat(matches("*?", "")).isFalse();
		assertThat(matches("*?", "x")).isTrue();
	}

	@Test
	void emptyPatternsAreRefusedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> NameGlob.parse("")).withMessageContaining("is empty");
		assertThatIllegalArgumentException().isThrownBy(() -> NameGlob.parse(".")).withMessageContaining("'.' is empty");
	}

	@Test
	void keepsThePatternAsWritten() {
		assertThat(NameGlob.parse("*.Example.COM.")).hasToString("*.Example.COM.");
		assertThat(NameGlob.parse("a")).isEqualTo(NameGlob.parse("a")).hasSameHashCodeAs(NameGlob.parse("a"));
		assertThat(NameGlob.parse("a")).isNotEqualTo(NameGlob.parse("A"));
	}

	@Test
	void adversarialPatternsStayPolynomial() {
		// A backtracking matcher takes exponential time on this; here it is one pass per star.
		String pattern = "*a".repeat(30) + "b";
		String name = "a".repeat(3_000);
		assertThat(matches(pattern, name)).isFalse();
		assertThat(matches(pattern, name + "b")).isTrue();
	}
}
