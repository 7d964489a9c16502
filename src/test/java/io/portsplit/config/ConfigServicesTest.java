package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import io.portsplit.match.Condition;
import io.portsplit.match.StringCondition;

/** README "Services": services, their patterns and actions, and the special services. */
class ConfigServicesTest extends ConfigTestSupport {

	@Test
	void servicesInFileOrderWithPatternsInOrder() throws Exception {
		PortsplitConfig config = load(BIND + """
				[tls]
				string = \\16\\03\\01
				string = \\16\\03\\03
				connect = [::1]:8443
				[http]
				string = GET
				string = POST
				string = HEAD
				connect = 10.0.0.1:8080
				[ssh]
				string = SSH-
				exec = tool
				""");
		assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("tls", "http", "ssh");
		assertThat(config.services()).extracting(ServiceSpec::line).containsExactly(2, 6, 11);
		ServiceSpec tls = config.services().get(0);
		assertThat(tls.conditions()).extracting(Condition::value).containsExactly("\\16\\03\\01", "\\16\\03\\03");
		assertThat(((StringCondition) tls.conditions().get(1)).bytes()).containsExactly(0x16, 0x03, 0x03);
		assertThat(tls.conditions()).extracting(Condition::line).containsExactly(3, 4);
		assertThat(tls.action()).isEqualTo(new ActionSpec.Connect(new HostPort("::1", 8443)));
		ServiceSpec http = config.services().get(1);
		assertThat(http.conditions()).extracting(Condition::value).containsExactly("GET", "POST", "HEAD");
		assertThat(http.conditions()).extracting(Condition::line).containsExactly(7, 8, 9);
		assertThat(config.services().get(2).action()).isEqualTo(new ActionSpec.Exec("tool", List.of(), false));
	}

	@Test
	void manyServicesKeepTheirOrder() throws Exception {
		StringBuilder text = new StringBuilder(BIND);
		for (int i = 0; i < 15; i++) {
			text.append("[s").append(i).append("]\nstring = P").append(i).append("x\nconnect = h:").append(i + 1).append('\n');
		}
		PortsplitConfig config = load(text.toString());
		assertThat(config.services()).extracting(ServiceSpec::name)
			.containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14");
		assertThat(config.services().get(12).action()).isEqualTo(new ActionSpec.Connect(new HostPort("h", 13)));
	}

	@Test
	void patternEscapesAreDecoded() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = \\20GET\\5c\\\\\\00\\ff\\FF\\20\nconnect = h:1\n");
		StringCondition pattern = (StringCondition) config.services().get(0).conditions().get(0);
		assertThat(pattern.bytes()).containsExactly(' ', 'G', 'E', 'T', '\\', '\\', 0, (byte) 0xFF, (byte) 0xFF, ' ');
		assertThat(pattern.value()).isEqualTo("\\20GET\\5c\\\\\\00\\ff\\FF\\20");
	}

	@Test
	void innerSpacesAreKeptAndEndSpacesTrimmed() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring =   GET /   \t\nconnect = h:1\n");
		assertThat(((StringCondition) config.services().get(0).conditions().get(0)).bytes()).isEqualTo("GET /".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void placeholdersAndCommasAreLiteral() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = ${x},y\nexec = tool\nexecarg = ${HOME}\nexecarg = a,b\n");
		assertThat(((StringCondition) config.services().get(0).conditions().get(0)).bytes())
			.isEqualTo("${x},y".getBytes(StandardCharsets.US_ASCII));
		assertThat(((ActionSpec.Exec) config.services().get(0).action()).args()).containsExactly("${HOME}", "a,b");
	}

	@Test
	void execWithArgumentsInOrderAndPty() throws Exception {
		PortsplitConfig config = load(BIND + """
				[shell]
				string = sh
				execarg = -c
				exec = tool
				execarg =   echo  "a \\b"  \t
				pty = yes
				[other]
				string = o
				exec = tool
				pty = no
				""");
		assertThat(config.services().get(0).action())
			.isEqualTo(new ActionSpec.Exec("tool", List.of("-c", "echo  \"a \\b\""), true));
		assertThat(config.services().get(1).action()).isEqualTo(new ActionSpec.Exec("tool", List.of(), false));
	}

	@Test
	void execByPath() throws Exception {
		Path tool = this.bin.resolve("tool");
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nexec = " + tool + "\n");
		assertThat(((ActionSpec.Exec) config.services().get(0).action()).program()).isEqualTo(tool.toString());
	}

	@Test
	void execProgramIsStoredAsWritten() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nexec = tool\n");
		assertThat(((ActionSpec.Exec) config.services().get(0).action()).program()).isEqualTo("tool");
	}

	@Test
	void execProgramMissing() throws Exception {
		Path missing = this.dir.resolve("x/y");
		assertError(BIND + "[a]\nstring = A\nexec = " + missing + "\n", 4, "program '" + missing + "' not found");
		assertError(BIND + "[a]\nstring = A\n\nexec = nosuchprogram\n", 5, "program 'nosuchprogram' not found on PATH");
	}

	@Test
	void execProgramNotExecutable() throws Exception {
		Path plain = this.bin.resolve("plain");
		assertError(BIND + "[a]\nstring = A\nexec = " + plain + "\n", 4, "program '" + plain + "' is not executable");
		assertError(BIND + "[a]\nstring = A\nexec = plain\n", 4, "'plain'", "not executable");
	}

	@Test
	void fallbackAndTimeoutAreExtracted() throws Exception {
		PortsplitConfig config = load(BIND + """
				[timeout]
				connect = localhost:22
				[http]
				string = GET
				connect = h:80
				[fallback]
				exec = tool
				execarg = x
				""");
		assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("http");
		assertThat(config.fallback()).hasValueSatisfying(fallback -> {
			assertThat(fallback.line()).isEqualTo(7);
			assertThat(fallback.conditions()).isEmpty();
			assertThat(fallback.action()).isEqualTo(new ActionSpec.Exec("tool", List.of("x"), false));
		});
		assertThat(config.timeoutService()).hasValueSatisfying(timeout -> {
			assertThat(timeout.name()).isEqualTo("timeout");
			assertThat(timeout.line()).isEqualTo(2);
			assertThat(timeout.action()).isEqualTo(new ActionSpec.Connect(new HostPort("localhost", 22)));
		});
		// Listings keep the special services last, in the order the file has them.
		assertThat(config.allServices()).extracting(ServiceSpec::name).containsExactly("http", "timeout", "fallback");
	}

	@Test
	void stringInSpecialServices() throws Exception {
		assertError(BIND + "[fallback]\nconnect = h:1\nstring = A\n", 4, "'string'", "[fallback]");
		assertError(BIND + "[timeout]\nstring = A\nconnect = h:1\n", 3, "'string'", "[timeout]");
	}

	@Test
	void specialServiceWithoutAction() throws Exception {
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\n\n[fallback]\n", 6, "service [fallback] has no action");
		assertError(BIND + "[timeout]\n[a]\nstring = A\nconnect = h:1\n", 2, "service [timeout] has no action");
	}

	@Test
	void serviceWithoutAction() throws Exception {
		assertError(BIND + "[a]\nstring = A\n[b]\nstring = B\nconnect = h:1\n", 2, "service [a] has no action",
				"connect", "exec");
	}

	@Test
	void serviceWithoutAMatchingOption() throws Exception {
		assertError(BIND + "\n[a]\nconnect = h:1\n", 3, "service [a] has no matching option", "string", "sni");
	}

	@Test
	void emptyServiceIsMissingItsAction() throws Exception {
		assertError(BIND + "[a]\n", 2, "service [a] has no action");
	}

	@Test
	void bothConnectAndExec() throws Exception {
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nexec = tool\n", 5, "both 'connect' (line 4) and 'exec' (line 5)");
		assertError(BIND + "[a]\nexec = tool\nstring = A\nconnect = h:1\n", 5, "both 'connect' (line 5) and 'exec' (line 3)");
	}

	@Test
	void execargWithoutExec() throws Exception {
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nexecarg = x\nexecarg = y\n", 5, "'execarg' without 'exec'", "[a]");
		assertError(BIND + "[a]\nstring = A\nexecarg = x\n", 4, "'execarg' without 'exec'");
	}

	@Test
	void ptyWithoutExec() throws Exception {
		assertError(BIND + "[a]\nstring = A\npty = no\nconnect = h:1\n", 4, "'pty' without 'exec'", "[a]");
	}

	@Test
	void badPtyValue() throws Exception {
		assertError(BIND + "[a]\nstring = A\nexec = tool\npty = true\n", 5, "bad value 'true' for 'pty'", "'yes' or 'no'");
		assertError(BIND + "[a]\nstring = A\nexec = tool\npty = YES\n", 5, "bad value 'YES' for 'pty'");
		assertError(BIND + "[a]\nstring = A\nexec = tool\npty = on\n", 5, "bad value 'on' for 'pty'");
	}

	@Test
	void badEscapesAreReportedOnTheirLine() throws Exception {
		String before = BIND + "[ok]\nstring = fine\nconnect = h:1\n[a]\nstring = A\n";
		assertError(before + "string = \\x41\nconnect = h:1\n", 7, "bad escape '\\x' in pattern (use \\XX with two hex digits, or \\\\)");
		assertError(before + "string = a\\4\nconnect = h:1\n", 7, "bad escape '\\4'");
		assertError(before + "string = \\GG\nconnect = h:1\n", 7, "bad escape '\\G'");
		assertError(before + "string = GET\\\nconnect = h:1\n", 7, "bad escape '\\'", "end");
	}

	@Test
	void emptyPattern() throws Exception {
		assertError(BIND + "[a]\nstring = A\nstring =   \nconnect = h:1\n", 4, "empty pattern");
	}

	@Test
	void badConnectValues() throws Exception {
		String head = BIND + "[a]\nstring = A\n";
		assertError(head + "connect = h:0\n", 4, "bad port '0' in 'connect'", "1-65535");
		assertError(head + "connect = h:65536\n", 4, "bad port '65536' in 'connect'");
		assertError(head + "connect = 10.0.0.1:99999\n", 4, "bad port '99999' in 'connect': must be 1-65535");
		assertError(head + "connect = h:abc\n", 4, "bad port 'abc' in 'connect'");
		assertError(head + "connect = h\n", 4, "missing port", "'h'");
		assertError(head + "connect = bad host:1\n", 4, "bad host 'bad host' in 'connect'");
	}

	@Test
	void connectToIpv6AndNames() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nconnect = ::1:22\n[b]\nstring = B\nconnect = backend.invalid:80\n");
		assertThat(config.services().get(0).action()).isEqualTo(new ActionSpec.Connect(new HostPort("::1", 22)));
		assertThat(config.services().get(1).action())
			.isEqualTo(new ActionSpec.Connect(new HostPort("backend.invalid", 80)));
	}
}
