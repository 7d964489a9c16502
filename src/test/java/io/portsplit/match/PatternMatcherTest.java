package io.portsplit.match;

import static io.portsplit.match.Patterns.bytes;
import static io.portsplit.match.Patterns.pattern;
import static io.portsplit.match.Patterns.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.portsplit.config.BytePattern;
import io.portsplit.config.ServiceSpec;

/** SPEC 4 rules 1–3 on a plain byte buffer. */
class PatternMatcherTest {

	private static PatternVerdict evaluate(PatternMatcher matcher, String data) {
		byte[] b = bytes(data);
		return matcher.evaluate(b, b.length);
	}

	private static void assertMatched(PatternVerdict verdict, ServiceSpec service, BytePattern pattern) {
		assertThat(verdict).isInstanceOf(PatternVerdict.Matched.class);
		PatternVerdict.Matched matched = (PatternVerdict.Matched) verdict;
		assertThat(matched.service()).isSameAs(service);
		assertThat(matched.pattern()).isSameAs(pattern);
	}

	@Test
	void firstServiceInFileOrderWinsWhenSeveralMatch() {
		ServiceSpec first = service("first", "GET /a");
		ServiceSpec second = service("second", "GET");
		ServiceSpec third = service("third", "GET /a");
		PatternMatcher matcher = new PatternMatcher(List.of(first, second, third));
		assertMatched(evaluate(matcher, "GET /abc"), first, first.patterns().get(0));
		// A later service whose shorter pattern is complete wins early: SPEC 4's stated exception.
		assertMatched(evaluate(matcher, "GET"), second, second.patterns().get(0));
		assertMatched(evaluate(matcher, "GET /b"), second, second.patterns().get(0));
	}

	@Test
	void earlierServiceWinsOverLaterEvenIfLaterPatternIsLonger() {
		ServiceSpec shortFirst = service("short", "SSH");
		ServiceSpec longLater = service("long", "SSH-2.0");
		PatternMatcher matcher = new PatternMatcher(List.of(shortFirst, longLater));
		assertMatched(evaluate(matcher, "SSH-2.0-OpenSSH"), shortFirst, shortFirst.patterns().get(0));
	}

	@Test
	void firstPatternWithinAServiceWins() {
		BytePattern longer = pattern("GET ");
		BytePattern shorter = pattern("GE");
		ServiceSpec http = service("http", List.of(longer, shorter));
		PatternMatcher matcher = new PatternMatcher(List.of(http));
		assertMatched(evaluate(matcher, "GET /"), http, longer);
		assertMatched(evaluate(matcher, "GEX"), http, shorter);
	}

	@Test
	void patternsOfAServiceAreAlternatives() {
		ServiceSpec http = service("http", "GET ", "POST ", "HEAD ");
		ServiceSpec ssh = service("ssh", "SSH-");
		PatternMatcher matcher = new PatternMatcher(List.of(http, ssh));
		assertMatched(evaluate(matcher, "POST /x"), http, http.patterns().get(1));
		assertMatched(evaluate(matcher, "HEAD / HTTP/1.0"), http, http.patterns().get(2));
		assertMatched(evaluate(matcher, "SSH-2.0"), ssh, ssh.patterns().get(0));
	}

	@Test
	void needMoreWhileTheBytesAreStillAPrefixOfSomePattern() {
		PatternMatcher matcher = new PatternMatcher(List.of(service("http", "GET ", "POST "), service("ssh", "SSH-")));
		assertThat(evaluate(matcher, "")).isEqualTo(PatternVerdict.NEED_MORE);
		assertThat(evaluate(matcher, "G")).isEqualTo(PatternVerdict.NEED_MORE);
		assertThat(evaluate(matcher, "PO")).isEqualTo(PatternVerdict.NEED_MORE);
		assertThat(evaluate(matcher, "SSH")).isEqualTo(PatternVerdict.NEED_MORE);
		// "S" could still be "SSH-" even though no "P"-pattern fits.
		assertThat(evaluate(matcher, "S")).isEqualTo(PatternVerdict.NEED_MORE);
	}

	@Test
	void noMatchPossibleOnceNoPatternCanFit() {
		PatternMatcher matcher = new PatternMatcher(List.of(service("http", "GET ", "POST "), service("ssh", "SSH-")));
		assertThat(evaluate(matcher, "X")).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
		assertThat(evaluate(matcher, "GEX")).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
		assertThat(evaluate(matcher, "get ")).as("matching is case-sensitive").isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
		assertThat(evaluate(matcher, "SSH-".substring(0, 3) + "_")).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
	}

	@Test
	void onlyTheFilledPartOfTheBufferCounts() {
		ServiceSpec http = service("http", "GET ");
		PatternMatcher matcher = new PatternMatcher(List.of(http));
		byte[] buffer = bytes("GETXXXXX");
		assertThat(matcher.evaluate(buffer, 3)).isEqualTo(PatternVerdict.NEED_MORE);
		buffer = bytes("GET GARBAGE");
		assertMatched(matcher.evaluate(buffer, 4), http, http.patterns().get(0));
		assertThat(matcher.evaluate(buffer, 0)).isEqualTo(PatternVerdict.NEED_MORE);
	}

	@Test
	void binaryPatternsCompareEveryByteValue() {
		BytePattern tls = pattern(new byte[] { 0x16, 0x03 });
		BytePattern high = pattern(new byte[] { (byte) 0xff, 0x00, (byte) 0x80 });
		ServiceSpec tlsService = service("tls", List.of(tls));
		ServiceSpec highService = service("high", List.of(high));
		PatternMatcher matcher = new PatternMatcher(List.of(tlsService, highService));
		byte[] hello = { 0x16, 0x03, 0x01, 0x02, 0x00 };
		assertMatched(matcher.evaluate(hello, hello.length), tlsService, tls);
		byte[] ff = { (byte) 0xff, 0x00, (byte) 0x80, 0x7f };
		assertMatched(matcher.evaluate(ff, ff.length), highService, high);
		byte[] near = { (byte) 0xff, 0x00, (byte) 0x7f };
		assertThat(matcher.evaluate(near, near.length)).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
		byte[] signed = { (byte) 0x96 };
		assertThat(matcher.evaluate(signed, 1)).as("0x96 is not 0x16").isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
	}

	@Test
	void decisiveLengthIsTheLongestPattern() {
		assertThat(new PatternMatcher(List.of(service("a", "GET", "OPTIONS "), service("b", "SSH-2.0-")))
			.decisiveLength()).isEqualTo(8);
		assertThat(new PatternMatcher(List.of(service("a", "X"))).decisiveLength()).isEqualTo(1);
	}

	@Test
	void withoutPatternsNothingCanMatchAndOneByteDecides() {
		PatternMatcher matcher = new PatternMatcher(List.of());
		assertThat(matcher.decisiveLength()).isEqualTo(1);
		assertThat(evaluate(matcher, "")).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
		assertThat(evaluate(matcher, "x")).isEqualTo(PatternVerdict.NO_MATCH_POSSIBLE);
	}

	@Test
	void onceDecisiveLengthBytesArrivedEveryPatternHasMatchedOrBeenRuledOut() {
		PatternMatcher matcher = new PatternMatcher(List.of(service("a", "ABCD", "AB"), service("b", "BBB")));
		for (String data : List.of("ABCD", "ABXX", "BBBB", "AXXX", "XXXX", "BBXX", "ABCX")) {
			assertThat(data).hasSize(matcher.decisiveLength());
			assertThat(evaluate(matcher, data)).as(data).isNotEqualTo(PatternVerdict.NEED_MORE);
		}
	}

	@Test
	void comparisonOfOnePattern() {
		BytePattern get = pattern("GET");
		int[] difference = new int[1];
		assertThat(PatternComparison.compare(get, bytes("GET /"), 5)).isEqualTo(PatternComparison.MATCHES);
		assertThat(PatternComparison.compare(get, bytes("GET"), 3)).isEqualTo(PatternComparison.MATCHES);
		assertThat(PatternComparison.compare(get, bytes("GE"), 2)).isEqualTo(PatternComparison.STILL_POSSIBLE);
		assertThat(PatternComparison.compare(get, bytes(""), 0)).isEqualTo(PatternComparison.STILL_POSSIBLE);
		assertThat(PatternComparison.compare(get, bytes("GEX"), 3, difference)).isEqualTo(PatternComparison.RULED_OUT);
		assertThat(difference[0]).isEqualTo(2);
		assertThat(PatternComparison.compare(get, bytes("XET"), 3, difference)).isEqualTo(PatternComparison.RULED_OUT);
		assertThat(difference[0]).isZero();
		assertThat(PatternComparison.compare(get, bytes("GEX"), 2)).as("beyond length is ignored")
			.isEqualTo(PatternComparison.STILL_POSSIBLE);
	}
}
