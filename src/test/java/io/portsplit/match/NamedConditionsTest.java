package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portsplit.match.ClientHelloBuilder.hello;
import static io.portsplit.match.ClientHelloBuilder.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code sni}, {@code alpn} and {@code host}: what a client asks for by name. */
class NamedConditionsTest {

	private static Verdict test(Condition condition, byte[] data) {
		return condition.test(new ServiceMatcher(List.of(List.of(condition))).firstBytes(data));
	}

	private static Verdict testEnded(Condition condition, byte[] data) {
		FirstBytes bytes = new ServiceMatcher(List.of(List.of(condition))).firstBytes(data);
		bytes.end();
		return condition.test(bytes);
	}

	private static byte[] http(String head) {
		return head.getBytes(StandardCharsets.ISO_8859_1);
	}

	@Test
	void sniMatchesTheServerNameByGlobCaseInsensitivelyAndWithoutATrailingDot() {
		byte[] hello = hello().serverName("Mail.Example.COM").alpn("h2").record();
		assertThat(test(NameCondition.sni("mail.example.com", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.sni("mail.example.com.", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.sni("*.example.com", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.sni("*", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.sni("m?il.example.com", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.sni("*.example.org", 1), hello)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(NameCondition.sni("example.com", 1), hello)).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] dotted = hello().serverName("a.example.").record();
		assertThat(test(NameCondition.sni("a.example", 1), dotted)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void aClientHelloWithoutServerNameNeverMatchesEvenStar() {
		byte[] anonymous = hello().alpn("h2").record();
		assertThat(test(NameCondition.sni("*", 1), anonymous)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void namedConditionsSettleOnlyOnceTheWholeClientHelloIsIn() {
		byte[] hello = hello().serverName("a.example").alpn("h2", "http/1.1").record();
		for (int n = 0; n < hello.length; n++) {
			byte[] part = Arrays.copyOf(hello, n);
			assertThat(test(NameCondition.sni("a.example", 1), part)).as(n + " bytes").isEqualTo(Verdict.POSSIBLE);
			assertThat(test(AlpnCondition.parse("h2", 1), part)).as(n + " bytes").isEqualTo(Verdict.POSSIBLE);
			assertThat(testEnded(NameCondition.sni("a.example", 1), part)).as(n + " bytes, then ended")
				.isEqualTo(Verdict.IMPOSSIBLE);
		}
		assertThat(test(NameCondition.sni("a.example", 1), hello)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void aClientHelloOverSeveralRecordsIsReadWhole() {
		byte[] message = hello().serverName("b.example").alpn("imap").message();
		byte[] split = records(message, 7);
		assertThat(test(NameCondition.sni("b.example", 1), split)).isEqualTo(Verdict.MATCH);
		assertThat(test(AlpnCondition.parse("imap", 1), split)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void alpnMatchesAProtocolOfTheListExactly() {
		byte[] hello = hello().serverName("a.example").alpn("h2", "http/1.1").record();
		assertThat(test(AlpnCondition.parse("h2", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(AlpnCondition.parse("http/1.1", 1), hello)).isEqualTo(Verdict.MATCH);
		assertThat(test(AlpnCondition.parse("H2", 1), hello)).as("exactly").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(AlpnCondition.parse("h", 1), hello)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(AlpnCondition.parse("h2", 1), hello().serverName("a.example").record()))
			.as("no ALPN extension").isEqualTo(Verdict.IMPOSSIBLE);
		assertThatIllegalArgumentException().isThrownBy(() -> AlpnCondition.parse("x".repeat(256), 1))
			.withMessageContaining("1 to 255 bytes");
	}

	@Test
	void notTlsRulesTheNamedConditionsOutAtOnce() {
		assertThat(test(NameCondition.sni("*", 1), http("GET / HTTP/1.1\r\n"))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(AlpnCondition.parse("h2", 1), new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 0x02 }))
			.as("a handshake other than ClientHello").isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void hostMatchesTheRequestHeadsHostWithoutItsPort() {
		byte[] head = http("GET / HTTP/1.1\r\nHost: www.Example.com:8080\r\nAccept: */*\r\n\r\n");
		assertThat(test(NameCondition.host("www.example.com", 1), head)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.host("*.example.com", 1), head)).isEqualTo(Verdict.MATCH);
		assertThat(test(NameCondition.host("example.com", 1), head)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void hostSettlesAtTheEndOfTheHeadSoThatWhatFollowsTheHostLineCounts() {
		byte[] head = http("GET / HTTP/1.1\r\nHost: a.example\r\nAccept: */*\r\n\r\n");
		int afterHostLine = "GET / HTTP/1.1\r\nHost: a.example\r\n".length();
		assertThat(test(NameCondition.host("a.example", 1), Arrays.copyOf(head, afterHostLine)))
			.isEqualTo(Verdict.POSSIBLE);
		byte[] twoHosts = http("GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
		assertThat(test(NameCondition.host("a.example", 1), twoHosts)).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(NameCondition.host("*", 1), http("GET / HTTP/1.0\r\n\r\n"))).as("no Host")
			.isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(NameCondition.host("a.example", 1), head)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void theHttpProbeAndHostShareOneParserAndAgreeWithTheStatelessProbe() {
		byte[] head = http("POST /x HTTP/1.1\r\nHost: a.example\r\n\r\n");
		ProbeCondition probe = ProbeCondition.parse("http", 1);
		NameCondition host = NameCondition.host("a.example", 2);
		ServiceMatcher matcher = new ServiceMatcher(List.of(List.of(probe, host)));
		for (int n = 0; n <= head.length; n++) {
			FirstBytes bytes = matcher.firstBytes(Arrays.copyOf(head, n));
			assertThat(probe.test(bytes)).as(n + " bytes").isEqualTo(Probe.HTTP.test(head, n, false));
		}
	}

	@Test
	void anUnknownProbeIsRefusedNamingTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeCondition.parse("sshh", 1))
			.withMessage("unknown probe 'sshh' (known probes: ssh, tls, http, openvpn, socks4, socks5, xmpp, rdp, adb)");
	}
}
