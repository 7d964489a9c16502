package io.portsplit.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.portsplit.match.Condition;
import io.portsplit.match.ProbeCondition;
import io.portsplit.match.Probe;

import static org.assertj.core.api.Assertions.assertThat;

/** README "Services": regex, probe, sni, alpn and host, in file order, and each malformed value's file and line. */
class ConfigConditionsTest extends ConfigTestSupport {

	@Test
	void everyMatchingOptionBecomesAConditionInFileOrder() throws Exception {
		PortsplitConfig config = load(BIND + """
				[web]
				sni = *.example.com
				string = GET\\20
				alpn = h2
				regex = \\x16\\x03[\\x00-\\x04]
				probe = tls
				host = www.example.com
				connect = h:1
				""");
		List<Condition> conditions = config.services().get(0).conditions();
		assertThat(conditions).extracting(Condition::option)
			.containsExactly("sni", "string", "alpn", "regex", "probe", "host");
		assertThat(conditions).extracting(Condition::line).containsExactly(3, 4, 5, 6, 7, 8);
		assertThat(conditions).extracting(Condition::value)
			.containsExactly("*.example.com", "GET\\20", "h2", "\\x16\\x03[\\x00-\\x04]", "tls", "www.example.com");
		assertThat(((ProbeCondition) conditions.get(4)).probe()).isEqualTo(Probe.TLS);
	}

	@Test
	void aRegexIsTakenAsWrittenNotThroughTheFilesEscapes() throws Exception {
		// In a string, \20 is one byte; in a regex it is a back-reference to group 20 and \x20 is the space.
		PortsplitConfig config = load(BIND + "[a]\nregex = GET\\x20/\nconnect = h:1\n");
		assertThat(config.services().get(0).conditions().get(0).value()).isEqualTo("GET\\x20/");
	}

	@Test
	void everyOptionMayRepeat() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nsni = a.example\nsni = b.example\nprobe = ssh\nprobe = tls\n"
				+ "alpn = h2\nalpn = http/1.1\nhost = a\nhost = b\nregex = x\nregex = y\nconnect = h:1\n");
		assertThat(config.services().get(0).conditions()).hasSize(10);
	}

	@Test
	void aBadRegexIsAnErrorOnItsLine() throws Exception {
		assertError(BIND + "[a]\nregex = GET (\nconnect = h:1\n", 3, "bad regex 'GET ('", "Unclosed group");
		assertError(BIND + "[a]\nstring = x\nregex = *x\nconnect = h:1\n", 4, "bad regex '*x'", "at index 0");
	}

	@Test
	void anUnknownProbeIsAnErrorNamingTheKnownOnes() throws Exception {
		assertError(BIND + "[a]\nprobe = sshh\nconnect = h:1\n", 3, "unknown probe 'sshh'", "ssh, tls, http");
		assertError(BIND + "[a]\nprobe = TLS\nconnect = h:1\n", 3, "unknown probe 'TLS'");
	}

	@Test
	void emptyOrMeaninglessNamesAreErrors() throws Exception {
		assertError(BIND + "[a]\nsni =\nconnect = h:1\n", 3, "empty value for 'sni'");
		assertError(BIND + "[a]\nhost =   \nconnect = h:1\n", 3, "empty value for 'host'");
		assertError(BIND + "[a]\nsni = .\nconnect = h:1\n", 3, "'.' is empty");
		assertError(BIND + "[a]\nalpn = " + "p".repeat(256) + "\nconnect = h:1\n", 3, "bad ALPN protocol name",
				"1 to 255 bytes");
	}

	@Test
	void theSpecialServicesTakeNoMatchingOption() throws Exception {
		for (String option : List.of("regex = x", "probe = tls", "sni = a", "alpn = h2", "host = a")) {
			assertError(BIND + "[a]\nstring = x\nconnect = h:1\n[fallback]\n" + option + "\nconnect = h:2\n", 6,
					"'" + option.substring(0, option.indexOf(' ')) + "' is not allowed in the special service [fallback]");
		}
	}

	@Test
	void anOrdinaryServiceNeedsAtLeastOneMatchingOptionOfAnyKind() throws Exception {
		assertThat(load(BIND + "[a]\nsni = a.example\nconnect = h:1\n").services()).hasSize(1);
		assertError(BIND + "[a]\nconnect = h:1\n", 2, "has no matching option");
	}

	@Test
	void checkAndTheLogDescribeEveryKind() throws Exception {
		PortsplitConfig config = load(BIND + "[web]\nsni = a.example\nalpn = h2\nstring = GET\nconnect = h:1\n");
		assertThat(config.services().get(0).describe())
			.isEqualTo("service [web] patterns sni 'a.example' alpn 'h2' 'GET' -> connect h:1");
	}
}
