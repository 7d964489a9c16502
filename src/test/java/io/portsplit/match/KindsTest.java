package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portsplit.match.ClientHelloBuilder.hello;
import static io.portsplit.match.Conditions.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options of one kind are alternatives; options of different kinds must all hold. string,
 * regex and probe are one kind, the first bytes; sni, alpn and host are one kind each.
 */
class KindsTest {

	private final byte[] h2ForA = hello().serverName("a.example").alpn("h2").record();

	private final byte[] http11ForB = hello().serverName("b.example").alpn("http/1.1").record();

	@Test
	void alternativesOfOneKindAreAnyOf() {
		List<Condition> names = List.of(NameCondition.sni("a.example", 1), NameCondition.sni("b.example", 2));
		ServiceMatcher matcher = new ServiceMatcher(List.of(names));
		assertThat(matcher.evaluate(matcher.firstBytes(this.h2ForA))).isZero();
		assertThat(matcher.evaluate(matcher.firstBytes(this.http11ForB))).isZero();
	}

	@Test
	void firstBytesAlternativesMixStringRegexAndProbe() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(string("SSH-"), RegexCondition.parse("GE[T]", 2),
				ProbeCondition.parse("tls", 3))));
		assertThat(matcher.evaluate(matcher.firstBytes("GET /".getBytes(StandardCharsets.US_ASCII)))).isZero();
		assertThat(matcher.evaluate(matcher.firstBytes(this.h2ForA))).isZero();
		assertThat(matcher.evaluate(matcher.firstBytes("XYZ".getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo(ServiceMatcher.NO_MATCH);
	}

	@Test
	void differentKindsMustAllHold() {
		ServiceMatcher matcher = new ServiceMatcher(
				List.of(List.of(NameCondition.sni("a.example", 1), AlpnCondition.parse("h2", 2)),
						List.of(NameCondition.sni("*.example", 3))));
		assertThat(matcher.evaluate(matcher.firstBytes(this.h2ForA))).isZero();
		byte[] http11ForA = hello().serverName("a.example").alpn("http/1.1").record();
		FirstBytes bytes = matcher.firstBytes(http11ForA);
		assertThat(matcher.verdict(0, bytes)).as("sni holds, alpn does not").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(matcher.evaluate(bytes)).isEqualTo(1);
		assertThat(matcher.matched(0, matcher.firstBytes(this.h2ForA))).extracting(Condition::option)
			.containsExactly("sni", "alpn");
	}

	@Test
	void aFirstBytesConditionAndANamedOneTogether() {
		ServiceMatcher matcher = new ServiceMatcher(
				List.of(List.of(ProbeCondition.parse("http", 1), NameCondition.host("a.example", 2))));
		byte[] forA = "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		byte[] forB = "GET / HTTP/1.1\r\nHost: b.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(matcher.evaluate(matcher.firstBytes(forA))).isZero();
		assertThat(matcher.evaluate(matcher.firstBytes(forB))).isEqualTo(ServiceMatcher.NO_MATCH);
	}

	@Test
	void aServiceWaitingForANameHoldsALaterCatchAllBackWhateverTheSplit() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(NameCondition.sni("a.example", 1)),
				List.of(NameCondition.sni("b.example", 2)), List.of(ProbeCondition.parse("tls", 3))));
		byte[] hello = ClientHelloBuilder.postQuantum("a.example");
		FirstBytes bytes = matcher.firstBytes();
		for (int at = 0; at < hello.length; at += 1400) {
			int n = Math.min(1400, hello.length - at);
			bytes.room(n).put(hello, at, n);
			bytes.added(n);
			int chosen = matcher.evaluate(bytes);
			if (bytes.length() < hello.length) {
				assertThat(chosen).as("after %d of %d bytes", bytes.length(), hello.length).isEqualTo(ServiceMatcher.UNDECIDED);
			}
			else {
				assertThat(chosen).isZero();
			}
		}
		assertThat(matcher.evaluate(matcher.firstBytes(hello().serverName("c.example").record()))).isEqualTo(2);
	}

	@Test
	void firstBytesServicesKeepTheirAsSoonAsRule() {
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(string("GETX")), List.of(string("GE"))));
		assertThat(matcher.evaluate(matcher.firstBytes("GE".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(1);
	}

	@Test
	void maxBytesIsTheLargestNeedOfTheConfiguredKinds() {
		assertThat(new ServiceMatcher(List.of(List.of(string("GET")))).maxBytes()).isEqualTo(3);
		assertThat(new ServiceMatcher(List.of(List.of(RegexCondition.parse("x", 1)))).maxBytes()).isEqualTo(1024);
		assertThat(new ServiceMatcher(List.of(List.of(NameCondition.host("x", 1)))).maxBytes()).isEqualTo(8192);
		assertThat(new ServiceMatcher(List.of(List.of(NameCondition.sni("x", 1)), List.of(string("GET")))).maxBytes())
			.isEqualTo(16384);
		assertThat(new ServiceMatcher(List.of(List.of(ProbeCondition.parse("ssh", 1)))).maxBytes())
			.isEqualTo(Probe.SSH.maxBytes());
	}
}
