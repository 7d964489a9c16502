package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;

/** The parsers on captures of real clients, and on a ClientHello this JDK makes. */
class RealClientsTest {

	private static byte[] capture(String name) {
		return Captures.named(name).orElseThrow(() -> new AssertionError("no capture " + name));
	}

	private static ClientHello hello(String capture) {
		byte[] bytes = capture(capture);
		String outcome = SplitFeeds.assertSplitInvariant(bytes, SplitFeeds.Outcome.clientHello());
		assertThat(outcome).as(capture).startsWith("COMPLETE");
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(bytes, 0, bytes.length);
		return parser.result();
	}

	private static HttpHead head(String capture) {
		byte[] bytes = capture(capture);
		String outcome = SplitFeeds.assertSplitInvariant(bytes, SplitFeeds.Outcome.httpHead());
		assertThat(outcome).as(capture).contains("head COMPLETE");
		HttpHeadParser parser = new HttpHeadParser();
		parser.feed(bytes, 0, bytes.length);
		return parser.result();
	}

	@Test
	void clientHellosOfCurlOpenSslAndTheJdk() {
		List<String> h2 = List.of("h2", "http/1.1");
		assertThat(hello("curl-https-sni-alpn")).isEqualTo(new ClientHello(0x0303, 0x0304, "www.example.com", h2, false));
		assertThat(hello("openssl-sni-alpn")).isEqualTo(new ClientHello(0x0303, 0x0304, "a.example.com", h2, false));
		assertThat(hello("openssl-noservername")).isEqualTo(new ClientHello(0x0303, 0x0304, null, List.of(), false));
		assertThat(hello("openssl-tls12")).isEqualTo(new ClientHello(0x0303, 0x0303, "a.example.com", h2, false));
		assertThat(hello("openssl-tls12").describe()).isEqualTo("TLS 1.2, SNI 'a.example.com', ALPN [h2, http/1.1]");
		for (String jdk : List.of("jdk17-sni-alpn", "jdk25-sni-alpn", "jdk25-large-ffdhe8192")) {
			assertThat(hello(jdk)).as(jdk).isEqualTo(new ClientHello(0x0303, 0x0304, "b.example.com", h2, false));
		}
	}

	@Test
	void postQuantumClientHellosOfBrowsersWithGreaseEch() {
		// Both browsers send a GREASE encrypted_client_hello, which looks like ECH on the wire;
		// the server name is then the real one.
		for (String browser : List.of("chromium-tls-pq", "firefox-tls-pq")) {
			assertThat(capture(browser).length).as(browser).isGreaterThan(1_800);
			ClientHello hello = hello(browser);
			assertThat(hello).as(browser).isEqualTo(new ClientHello(0x0303, 0x0304, "www.example.com", List.of("h2", "http/1.1"), true));
			assertThat(hello.describe()).isEqualTo("TLS 1.3, ECH, outer SNI 'www.example.com', ALPN [h2, http/1.1]");
		}
	}

	@Test
	void aClientHelloCutIntoTcpSegmentsAndRecordsIsReadAlike() {
		byte[] chromium = capture("chromium-tls-pq");
		ClientHello expected = hello("chromium-tls-pq");
		// The same handshake message in records of 1,000 bytes, as some stacks send it.
		byte[] message = Arrays.copyOfRange(chromium, 5, chromium.length);
		byte[] records = ClientHelloBuilder.records(message, 1_000);
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(records, 0, 1_448);
		assertThat(parser.status()).isEqualTo(ParseStatus.INCOMPLETE);
		parser.feed(records, 1_448, records.length);
		assertThat(parser.result()).isEqualTo(expected);
	}

	@Test
	void requestHeadsOfCurl() {
		assertThat(head("curl-http11-host")).isEqualTo(new HttpHead("GET", "/path", "HTTP/1.1", "www.example.com"));
		assertThat(head("curl-http11-plain").host()).isEqualTo("127.0.0.1");
		assertThat(head("curl-http11-ipv6").host()).isEqualTo("[::1]");
		assertThat(head("curl-http10")).isEqualTo(new HttpHead("GET", "/path", "HTTP/1.0", "127.0.0.1"));
		assertThat(head("curl-h2c-upgrade").host()).isEqualTo("www.example.com");
		assertThat(head("curl-proxy-absolute-form"))
			.isEqualTo(new HttpHead("GET", "http://www.example.com/path", "HTTP/1.1", "www.example.com"));
		assertThat(head("curl-proxy-connect")).isEqualTo(new HttpHead("CONNECT", "www.example.com:443", "HTTP/1.1", "www.example.com"));
		assertThat(head("curl-proxy-connect").describe()).isEqualTo("CONNECT, Host 'www.example.com'");
	}

	@Test
	void http2PriorKnowledgeIsNotAnHttp1Head() {
		byte[] preface = capture("curl-h2c-prior-knowledge");
		assertThat(ParserOutcomes.httpHeadWhole(preface, false)).isEqualTo("request line INVALID, head INVALID");
	}

	@Test
	void theClientHelloOfThisJdk() throws Exception {
		SSLEngine engine = SSLContext.getDefault().createSSLEngine("c.example.com", 443);
		engine.setUseClientMode(true);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setServerNames(List.of(new SNIHostName("c.example.com")));
		parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
		engine.setSSLParameters(parameters);
		ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		engine.wrap(ByteBuffer.allocate(0), out);
		byte[] stream = Arrays.copyOf(out.array(), out.position());
		assertThat(Probe.TLS.test(stream, stream.length, false)).isEqualTo(Verdict.MATCH);
		assertThat(SplitFeeds.assertSplitInvariant(stream, SplitFeeds.Outcome.clientHello())).startsWith("COMPLETE");
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(stream, 0, stream.length);
		ClientHello hello = parser.result();
		assertThat(hello.serverName()).isEqualTo("c.example.com");
		assertThat(hello.alpn()).containsExactly("h2", "http/1.1");
		assertThat(hello.highestVersion()).isEqualTo(0x0304);
	}
}
