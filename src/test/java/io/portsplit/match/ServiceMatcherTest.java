package io.portsplit.match;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portsplit.match.Conditions.bytes;
import static io.portsplit.match.Conditions.received;
import static io.portsplit.match.Conditions.receivedIn;
import static io.portsplit.match.Conditions.receivedThenEnded;
import static io.portsplit.match.Conditions.string;
import static io.portsplit.match.Conditions.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the README's "Matching" on first bytes alone: file order, alternatives, and when to wait. */
class ServiceMatcherTest {

	private static int evaluate(ServiceMatcher matcher, String data) {
		return matcher.evaluate(received(matcher, bytes(data)));
	}

	@Test
	void firstServiceInOrderWinsWhenSeveralMatch() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GET /a"), strings("GET"), strings("GET /a")));
		assertThat(evaluate(matcher, "GET /abc")).isZero();
		// A later service whose shorter pattern is complete wins early: the stated exception.
		assertThat(evaluate(matcher, "GET")).isEqualTo(1);
		assertThat(evaluate(matcher, "GET /b")).isEqualTo(1);
	}

	@Test
	void earlierServiceWinsOverLaterEvenIfLaterPatternIsLonger() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("SSH"), strings("SSH-2.0")));
		assertThat(evaluate(matcher, "SSH-2.0-OpenSSH")).isZero();
	}

	@Test
	void theFirstAlternativeThatHoldsIsWhatDecided() {
		StringCondition longer = string("GET ");
		StringCondition shorter = string("GE");
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(longer, shorter)));
		assertThat(matcher.matched(0, received(matcher, bytes("GET /")))).containsExactly(longer);
		assertThat(matcher.matched(0, received(matcher, bytes("GEX")))).containsExactly(shorter);
	}

	@Test
	void patternsOfAServiceAreAlternatives() {
		List<Condition> http = strings("GET ", "POST ", "HEAD ");
		ServiceMatcher matcher = new ServiceMatcher(List.of(http, strings("SSH-")));
		FirstBytes post = received(matcher, bytes("POST /x"));
		assertThat(matcher.evaluate(post)).isZero();
		assertThat(matcher.matched(0, post)).containsExactly(http.get(1));
		assertThat(evaluate(matcher, "HEAD / HTTP/1.0")).isZero();
		assertThat(evaluate(matcher, "SSH-2.0")).isEqualTo(1);
	}

	@Test
	void undecidedWhileTheBytesAreStillAPrefixOfSomePattern() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GET ", "POST "), strings("SSH-")));
		for (String data : List.of("", "G", "PO", "SSH", "S")) {
			assertThat(evaluate(matcher, data)).as(data).isEqualTo(ServiceMatcher.UNDECIDED);
		}
	}

	@Test
	void noMatchOnceNoPatternCanFit() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GET ", "POST "), strings("SSH-")));
		assertThat(evaluate(matcher, "X")).isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(evaluate(matcher, "GEX")).isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(evaluate(matcher, "get ")).as("matching is case-sensitive").isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(evaluate(matcher, "SSH_")).isEqualTo(ServiceMatcher.NO_MATCH);
	}

	@Test
	void aClientThatEndsItsSideRulesOutWhatItDidNotFinish() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GET "), strings("GE")));
		assertThat(matcher.evaluate(receivedThenEnded(matcher, bytes("G")))).isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(matcher.evaluate(receivedThenEnded(matcher, bytes("GE")))).isEqualTo(1);
	}

	@Test
	void binaryPatternsCompareEveryByteValue() {
		ServiceMatcher matcher = new ServiceMatcher(
				List.of(List.of(string(new byte[] { 0x16, 0x03 })), List.of(string(new byte[] { (byte) 0xff, 0x00, (byte) 0x80 }))));
		assertThat(matcher.evaluate(received(matcher, new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }))).isZero();
		assertThat(matcher.evaluate(received(matcher, new byte[] { (byte) 0xff, 0x00, (byte) 0x80, 0x7f }))).isEqualTo(1);
		assertThat(matcher.evaluate(received(matcher, new byte[] { (byte) 0xff, 0x00, (byte) 0x7f })))
			.isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(matcher.evaluate(received(matcher, new byte[] { (byte) 0x96 }))).as("0x96 is not 0x16")
			.isEqualTo(ServiceMatcher.NO_MATCH);
	}

	@Test
	void maxBytesIsTheLargestNeedOfAnyCondition() {
		assertThat(new ServiceMatcher(List.of(strings("GET", "OPTIONS "), strings("SSH-2.0-"))).maxBytes()).isEqualTo(8);
		assertThat(new ServiceMatcher(List.of(strings("X"))).maxBytes()).isEqualTo(1);
	}

	@Test
	void withoutConditionsNothingCanMatchAndOneByteDecides() {
		ServiceMatcher matcher = new ServiceMatcher(List.of());
		assertThat(matcher.maxBytes()).isEqualTo(1);
		assertThat(evaluate(matcher, "")).isEqualTo(ServiceMatcher.NO_MATCH);
		assertThat(evaluate(matcher, "x")).isEqualTo(ServiceMatcher.NO_MATCH);
	}

	@Test
	void onceMaxBytesArrivedEveryServiceHasMatchedOrBeenRuledOut() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("ABCD", "AB"), strings("BBB")));
		for (String data : List.of("ABCD", "ABXX", "BBBB", "AXXX", "XXXX", "BBXX", "ABCX")) {
			assertThat(data).hasSize(matcher.maxBytes());
			FirstBytes bytes = received(matcher, bytes(data));
			assertThat(bytes.wanted()).isZero();
			assertThat(matcher.evaluate(bytes)).as(data).isNotEqualTo(ServiceMatcher.UNDECIDED);
		}
	}

	@Test
	void settledVerdictsAreKeptAcrossReads() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GEX"), strings("GET /")));
		FirstBytes bytes = receivedIn(matcher, bytes("GE"));
		assertThat(matcher.evaluate(bytes)).isEqualTo(ServiceMatcher.UNDECIDED);
		bytes.room(1).put((byte) 'T');
		bytes.added(1);
		assertThat(matcher.verdict(0, bytes)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(matcher.evaluate(bytes)).isEqualTo(ServiceMatcher.UNDECIDED);
		bytes.room(2).put(bytes(" /"));
		bytes.added(2);
		assertThat(matcher.evaluate(bytes)).isEqualTo(1);
	}

	@Test
	void anExcludedServiceNeverMatches() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(strings("GET"), strings("GET")));
		FirstBytes bytes = matcher.firstBytes();
		matcher.exclude(0, bytes);
		bytes.room(3).put(bytes("GET"));
		bytes.added(3);
		assertThat(matcher.evaluate(bytes)).isEqualTo(1);
	}

	@Test
	void theBufferGrowsAsBytesComeAndNeverPastWhatIsWanted() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(string(new byte[1000]))));
		FirstBytes bytes = matcher.firstBytes();
		assertThat(bytes.data().length).isLessThan(1000);
		for (int i = 0; i < 10; i++) {
			bytes.room(100).put(new byte[100]);
			bytes.added(100);
		}
		assertThat(bytes.length()).isEqualTo(1000);
		assertThat(bytes.wanted()).isZero();
		assertThat(bytes.data().length).isEqualTo(1000);
		assertThat(matcher.evaluate(bytes)).isZero();
	}
}
