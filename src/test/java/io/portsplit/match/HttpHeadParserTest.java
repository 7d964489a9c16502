package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The HTTP request-head parser: request line, headers, Host, bounds, and splits. */
class HttpHeadParserTest {

	private static HttpHeadParser parsed(String head) {
		byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
		HttpHeadParser parser = new HttpHeadParser();
		parser.feed(bytes, 0, bytes.length);
		return parser;
	}

	private static HttpHead result(String head) {
		HttpHeadParser parser = parsed(head);
		assertThat(parser.status()).as(head).isEqualTo(ParseStatus.COMPLETE);
		return parser.result();
	}

	private static ParseStatus status(String head) {
		return parsed(head).status();
	}

	private static String host(String hostValue) {
		return result("GET / HTTP/1.1\r\nHost:" + hostValue + "\r\n\r\n").host();
	}

	@Test
	void readsMethodTargetVersionAndHost() {
		HttpHead head = result("GET /index.html?q=1 HTTP/1.1\r\nHost: a.example.com\r\nAccept: */*\r\n\r\n");
		assertThat(head).isEqualTo(new HttpHead("GET", "/index.html?q=1", "HTTP/1.1", "a.example.com"));
		assertThat(head.describe()).isEqualTo("GET, Host 'a.example.com'");
		assertThat(result("CONNECT a.example.com:443 HTTP/1.0\r\n\r\n"))
			.isEqualTo(new HttpHead("CONNECT", "a.example.com:443", "HTTP/1.0", null));
		assertThat(result("OPTIONS * HTTP/1.1\r\n\r\n").describe()).isEqualTo("OPTIONS, no Host");
	}

	@Test
	void hostLosesItsPortAndWhitespace() {
		assertThat(host("a.example.com")).isEqualTo("a.example.com");
		assertThat(host(" \t a.example.com:8080 \t ")).isEqualTo("a.example.com");
		assertThat(host("a.example.com:")).isEqualTo("a.example.com");
		assertThat(host("[::1]:8080")).isEqualTo("[::1]");
		assertThat(host("[::1]")).isEqualTo("[::1]");
		assertThat(host("[fe80::1%25eth0]:80")).isEqualTo("[fe80::1%25eth0]");
		assertThat(host("192.0.2.1:80")).isEqualTo("192.0.2.1");
		assertThat(host("A.Example.COM")).isEqualTo("A.Example.COM");
		assertThat(host("")).isNull();
		assertThat(host("   ")).isNull();
		assertThat(host(":80")).isNull();
		assertThat(result("GET / HTTP/1.1\r\nhOsT: x\r\n\r\n").host()).isEqualTo("x");
		// Headers whose names only start like Host are not Host.
		assertThat(result("GET / HTTP/1.1\r\nHostname: x\r\nHos: y\r\nX-Host: z\r\n\r\n").host()).isNull();
	}

	@Test
	void aMalformedHostIsInvalid() {
		for (String value : new String[] { "a b", "a:b", "a:80:90", "[::1", "[::1]x", "[::1]:x", "[]", "a/b", "caf\u00e9", "a@b" }) {
			assertThat(status("GET / HTTP/1.1\r\nHost: " + value + "\r\n\r\n")).as(value).isEqualTo(ParseStatus.INVALID);
		}
	}

	@Test
	void twoHostHeadersAreInvalid() {
		assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
		assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nhost: b\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
		assertThat(status("GET / HTTP/1.1\r\nHost:\r\nHost: b\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void bareLineFeedsEndLinesToo() {
		assertThat(result("GET / HTTP/1.1\nHost: a.example.com\n\n").host()).isEqualTo("a.example.com");
		assertThat(result("GET / HTTP/1.1\r\nHost: a.example.com\n\r\n").host()).isEqualTo("a.example.com");
		// A CR must be followed by LF.
		assertThat(status("GET / HTTP/1.1\rHost: a\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
		assertThat(status("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
		assertThat(status("GET / HTTP/1.1\r\nHost: a\r\n\rx")).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void malformedRequestLinesAreInvalid() {
		for (String line : new String[] { " GET / HTTP/1.1", "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 ",
				"GET / HTTP/2.0", "GET / HTTP/1.", "GET / HTTP/1.10", "GET / http/1.1", "GET /", "GET / HTTP/1.1x",
				"G\u00c9T / HTTP/1.1", "GET /\u00e9 HTTP/1.1", "GET /\t HTTP/1.1", "(GET) / HTTP/1.1", "PRI * HTTP/2.0",
				"A".repeat(33) + " / HTTP/1.1", "GET / HTTP/1.1\0" }) {
			HttpHeadParser parser = parsed(line + "\r\nHost: a\r\n\r\n");
			assertThat(parser.status()).as(line).isEqualTo(ParseStatus.INVALID);
			assertThat(parser.requestLineStatus()).as(line).isEqualTo(ParseStatus.INVALID);
		}
		assertThat(status("\r\nGET / HTTP/1.1\r\n\r\n")).as("an empty line first").isEqualTo(ParseStatus.INVALID);
		assertThat(result("A".repeat(32) + " / HTTP/1.9\r\n\r\n").version()).isEqualTo("HTTP/1.9");
		assertThat(result("M-SEARCH * HTTP/1.1\r\n\r\n").method()).isEqualTo("M-SEARCH");
	}

	@Test
	void malformedHeaderLinesAreInvalidButLeaveTheRequestLineComplete() {
		for (String header : new String[] { " folded: no", "\tX: 1", "X : 1", "NoColon", ": empty name", "X: a\0b", "X: a\u007fb",
				"X: a\u0001b", "X-\u00e9: 1", "X(1): 2" }) {
			HttpHeadParser parser = parsed("GET / HTTP/1.1\r\nHost: a\r\n" + header + "\r\n\r\n");
			assertThat(parser.status()).as(header).isEqualTo(ParseStatus.INVALID);
			assertThat(parser.requestLineStatus()).as(header).isEqualTo(ParseStatus.COMPLETE);
		}
		// Continuation lines (obs-fold) are refused even after a complete header.
		assertThat(status("GET / HTTP/1.1\r\nX: 1\r\n 2\r\n\r\n")).isEqualTo(ParseStatus.INVALID);
		// Tabs, obs-text and an empty value are fine outside Host.
		assertThat(result("GET / HTTP/1.1\r\nX: a\tb \u00e9\r\nY:\r\nHost: h\r\n\r\n").host()).isEqualTo("h");
	}

	@Test
	void theRequestLineIsCompleteBeforeTheHead() {
		HttpHeadParser parser = parsed("GET / HTTP/1.1\r");
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.INCOMPLETE);
		parser = parsed("GET / HTTP/1.1\r\nHost: a");
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.COMPLETE);
		assertThat(parser.status()).isEqualTo(ParseStatus.INCOMPLETE);
		parser.end();
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.COMPLETE);
		assertThatThrownBy(parser::result).isInstanceOf(IllegalStateException.class);
		HttpHeadParser truncated = parsed("GET / HT");
		truncated.end();
		assertThat(truncated.requestLineStatus()).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void theWholeHeadMustFitIn8KiB() {
		String line = "GET / HTTP/1.1\r\n";
		String end = "\r\n";
		String filler = "X: " + "a".repeat(HttpHeadParser.MAX_HEAD_BYTES - line.length() - end.length() - 5) + "\r\n";
		String exact = line + filler + end;
		assertThat(exact).hasSize(HttpHeadParser.MAX_HEAD_BYTES);
		assertThat(status(exact)).isEqualTo(ParseStatus.COMPLETE);
		String over = line + "X: a" + filler.substring(3) + end;
		assertThat(over).hasSize(HttpHeadParser.MAX_HEAD_BYTES + 1);
		HttpHeadParser parser = parsed(over);
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.COMPLETE);
		// The longest request line leaves one byte for the empty line.
		String longest = "GET /" + "a".repeat(HttpHeadParser.MAX_HEAD_BYTES - 16) + " HTTP/1.1\n";
		assertThat(longest).hasSize(HttpHeadParser.MAX_REQUEST_LINE_BYTES);
		assertThat(result(longest + "\n").target()).hasSize(HttpHeadParser.MAX_HEAD_BYTES - 15);
		parser = parsed("GET /a" + longest.substring(5));
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void givesUpAsSoonAsTheBoundCannotBeKept() {
		// "GET /aaa...": a space, "HTTP/1.1", a LF and the empty line's LF must still fit: 11 bytes.
		String target = "GET /" + "a".repeat(HttpHeadParser.MAX_HEAD_BYTES);
		HttpHeadParser parser = parsed(target.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 11));
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.INCOMPLETE);
		parser = parsed(target.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 10));
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.INVALID);
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
		// In a header's value, its LF and the empty line's LF must still fit.
		String head = "GET / HTTP/1.1\r\nX: " + "v".repeat(HttpHeadParser.MAX_HEAD_BYTES);
		assertThat(parsed(head.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 2)).status()).isEqualTo(ParseStatus.INCOMPLETE);
		parser = parsed(head.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 1));
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
		assertThat(parser.requestLineStatus()).isEqualTo(ParseStatus.COMPLETE);
	}

	@Test
	void outcomeDoesNotDependOnTheSplit() {
		for (String head : new String[] { "GET / HTTP/1.1\r\nHost: a.example.com:8443\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n",
				"POST /x HTTP/1.0\nHost: [::1]:80\n\nbody", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET / HTTP/1.1\r\nX",
				"GET / HTTP/1.1\r\n folded\r\n\r\n", "SSH-2.0-OpenSSH_9.6\r\n" }) {
			SplitFeeds.assertSplitInvariant(head.getBytes(StandardCharsets.ISO_8859_1), SplitFeeds.Outcome.httpHead());
		}
	}

	@Test
	void bytesAfterTheHeadAreNotRead() {
		HttpHeadParser parser = parsed("GET / HTTP/1.1\r\nHost: a\r\n\r\n\0\0\0 garbage");
		assertThat(parser.result().host()).isEqualTo("a");
		parser.feed(new byte[] { 0 }, 0, 1);
		parser.end();
		assertThat(parser.status()).isEqualTo(ParseStatus.COMPLETE);
	}
}
