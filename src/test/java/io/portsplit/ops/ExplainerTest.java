package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;

class ExplainerTest {

	static final String SERVICES = """
			bind = 127.0.0.1:9090
			timeout = 3

			[ssh]
			string = SSH-
			connect = 127.0.0.1:22

			[http]
			string = GET
			string = POST\\20
			connect = 127.0.0.1:8080
			""";

	@TempDir
	Path dir;

	PortsplitConfig load(String text) throws Exception {
		return ConfigLoader.load(text, this.dir.resolve("portsplit.conf"));
	}

	@Test
	void matchNamesServicePatternLineAndTheEarlierPatternsThatRuledThemselvesOut() throws Exception {
		assertThat(Explainer.explain(load(SERVICES), Explainer.parseHex("47 45 54 20"))).containsExactly(
				"bytes: 47 45 54 20 (\"GET \")",
				"[ssh] 'SSH-' (line 5): ruled out at byte 0 (0x47 != 0x53)",
				"[http] 'GET' (line 9): MATCHES",
				"decision: service [http], pattern 'GET' (line 9) -> connect 127.0.0.1:8080");
	}

	@Test
	void patternsAreShownWithTheFilesEscapes() throws Exception {
		assertThat(Explainer.explain(load(SERVICES), Explainer.parseHex("504f535420"))).containsExactly(
				"bytes: 50 4F 53 54 20 (\"POST \")",
				"[ssh] 'SSH-' (line 5): ruled out at byte 0 (0x50 != 0x53)",
				"[http] 'GET' (line 9): ruled out at byte 0 (0x50 != 0x47)",
				"[http] 'POST\\20' (line 10): MATCHES",
				"decision: service [http], pattern 'POST\\20' (line 10) -> connect 127.0.0.1:8080");
	}

	@Test
	void stillPossibleWaitsThenTimesOutToCloseWithoutATimeoutService() throws Exception {
		assertThat(Explainer.explain(load(SERVICES), Explainer.parseHex("53:53"))).containsExactly(
				"bytes: 53 53 (\"SS\")",
				"[ssh] 'SSH-' (line 5): still possible (2 of 4 bytes match)",
				"[http] 'GET' (line 9): ruled out at byte 0 (0x53 != 0x47)",
				"[http] 'POST\\20' (line 10): ruled out at byte 0 (0x53 != 0x50)",
				"decision: still possible: would wait for more bytes, then timeout after 3 s -> close (no [timeout] service)");
	}

	@Test
	void stillPossibleNamesTheTimeoutService() throws Exception {
		PortsplitConfig config = load(SERVICES + "\n[timeout]\nconnect = 127.0.0.1:2222\n");
		assertThat(Explainer.explain(config, new byte[0])).first().isEqualTo("bytes: (none)");
		assertThat(Explainer.explain(config, new byte[0])).last()
			.isEqualTo("decision: still possible: would wait for more bytes, then timeout after 3 s"
					+ " -> service [timeout] (line 13) -> connect 127.0.0.1:2222");
	}

	@Test
	void fallbackWhenNoPatternCanMatchAnyMore() throws Exception {
		PortsplitConfig config = load(SERVICES + "\n[fallback]\nconnect = 127.0.0.1:9999\n");
		assertThat(Explainer.explain(config, Explainer.parseHex("5358"))).containsExactly(
				"bytes: 53 58 (\"SX\")",
				"[ssh] 'SSH-' (line 5): ruled out at byte 1 (0x58 != 0x53)",
				"[http] 'GET' (line 9): ruled out at byte 0 (0x53 != 0x47)",
				"[http] 'POST\\20' (line 10): ruled out at byte 0 (0x53 != 0x50)",
				"decision: fallback: no pattern can match these bytes -> service [fallback] (line 13) -> connect 127.0.0.1:9999");
	}

	@Test
	void fallbackWithoutAFallbackServiceCloses() throws Exception {
		assertThat(Explainer.explain(load(SERVICES), Explainer.parseHex("00ff5c"))).first()
			.isEqualTo("bytes: 00 FF 5C (\"\\00\\FF\\\\\")");
		assertThat(Explainer.explain(load(SERVICES), Explainer.parseHex("00"))).last()
			.isEqualTo("decision: fallback: no pattern can match these bytes -> close (no [fallback] service)");
	}

	@Test
	void notesWhenBytesSplitAcrossReadsWouldBeDecidedEarlier() throws Exception {
		PortsplitConfig config = load("""
				bind = 127.0.0.1:9090
				[long]
				string = GET
				connect = 127.0.0.1:1
				[short]
				string = GE
				connect = 127.0.0.1:2
				""");
		assertThat(Explainer.explain(config, Explainer.parseHex("474554"))).containsSequence(
				"decision: service [long], pattern 'GET' (line 3) -> connect 127.0.0.1:1",
				"note: if only the first 2 byte(s) arrive in the first read, the decision is taken then:"
						+ " service [short], pattern 'GE' (line 6) -> connect 127.0.0.1:2");
	}

	@Test
	void waitingForeverWhenTimeoutIsZero() throws Exception {
		PortsplitConfig config = load(SERVICES.replace("timeout = 3", "timeout = 0"));
		assertThat(Explainer.explain(config, Explainer.parseHex("53"))).last()
			.isEqualTo("decision: still possible: would wait for more bytes (timeout = 0: for ever)"
					+ " -> close (no [timeout] service)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "474554", "47 45 54", "47:45:54", " 4745 54 ", "47\t45\n54", "47:4554" })
	void hexForms(String hex) {
		assertThat(Explainer.parseHex(hex)).containsExactly(0x47, 0x45, 0x54);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4", "47 4", "zz", "0x47", "47-45", "４７" })
	void badHex(String hex) {
		assertThatIllegalArgumentException().isThrownBy(() -> Explainer.parseHex(hex))
			.withMessageStartingWith("invalid hex '" + hex + "'")
			.withMessageContaining("474554, 47 45 54 or 47:45:54");
	}

	@Test
	void tooManyBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Explainer.parseHex("00".repeat(Explainer.MAX_BYTES + 1)))
			.withMessageContaining("too many bytes");
	}

	static final String NAMED = """
			bind = 127.0.0.1:9090

			[site-b]
			sni = b.example
			alpn = h2
			connect = 127.0.0.1:8443

			[site-a]
			sni = *.example
			connect = 127.0.0.1:9443

			[vhost]
			host = www.example
			connect = 127.0.0.1:8080
			""";

	@Test
	void aClientHelloIsShownParsedWithTheConditionsThatDecided() throws Exception {
		byte[] hello = io.portsplit.support.ClientCaptures.named("openssl-sni-alpn");
		java.util.List<String> lines = Explainer.explain(load(NAMED.replace("b.example", "a.example.com")
			.replace("*.example", "*.example.com")), hello);
		assertThat(lines.get(0)).startsWith("bytes: 16 03 01").endsWith("(" + hello.length + " bytes in all)");
		assertThat(lines.get(1)).isEqualTo("ClientHello: TLS 1.3, SNI 'a.example.com', ALPN [h2, http/1.1]");
		assertThat(lines).contains("[site-b] sni 'a.example.com' (line 4): MATCHES (server name 'a.example.com')",
				"[site-b] alpn 'h2' (line 5): MATCHES (ALPN [h2, http/1.1])",
				"decision: service [site-b], sni 'a.example.com' (line 4) + alpn 'h2' (line 5) -> connect 127.0.0.1:8443");
	}

	@Test
	void aClientHelloOfAnotherNameSaysWhyEachServiceIsRuledOut() throws Exception {
		byte[] hello = io.portsplit.support.ClientCaptures.named("curl-https-sni-alpn");
		assertThat(Explainer.explain(load(NAMED), hello)).contains(
				"[site-b] sni 'b.example' (line 4): ruled out: server name 'www.example.com'",
				"[vhost] host 'www.example' (line 13): ruled out: not a complete HTTP/1.x request head within 8192 bytes",
				"decision: fallback: no pattern can match these bytes -> close (no [fallback] service)");
	}

	@Test
	void anHttpHeadIsShownParsed() throws Exception {
		byte[] head = "GET /x HTTP/1.1\r\nHost: www.example:8080\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		java.util.List<String> lines = Explainer.explain(load(NAMED), head);
		assertThat(lines.get(1)).isEqualTo("HTTP request head: GET, Host 'www.example'");
		assertThat(lines).contains("[vhost] host 'www.example' (line 13): MATCHES (Host 'www.example')",
				"decision: service [vhost], host 'www.example' (line 13) -> connect 127.0.0.1:8080");
	}
}
