package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** README "Services": patterns that can never win produce warnings naming both lines. */
class ShadowedPatternCheckTest extends ConfigTestSupport {

	@Test
	void patternShadowedByAShorterPatternOfAnEarlierService() throws Exception {
		PortsplitConfig config = load(BIND + """
				[http]
				string = GET
				connect = h:80
				[proxy]
				string = GETX
				connect = h:81
				""");
		assertThat(config.warnings()).containsExactly(new ConfigWarning(6,
				"pattern 'GETX' on line 6 can never match: service [http] on line 3 already matches its prefix 'GET'"));
	}

	@Test
	void equalPatternOfAnEarlierServiceShadowsToo() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = X\nstring = \\41B\nconnect = h:1\n[b]\nstring = AB\nconnect = h:2\n");
		assertThat(config.warnings()).singleElement().satisfies(warning -> {
			assertThat(warning.line()).isEqualTo(7);
			assertThat(warning.message()).contains("'AB' on line 7", "[a] on line 4", "'\\41B'");
		});
	}

	@Test
	void longerEarlierPatternDoesNotShadow() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = GETX\nconnect = h:1\n[b]\nstring = GET\nconnect = h:2\n");
		assertThat(config.warnings()).isEmpty();
	}

	@Test
	void laterServiceDoesNotShadowAnEarlierOne() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = GETX\nconnect = h:1\n[b]\nstring = G\nconnect = h:2\n");
		assertThat(config.warnings()).isEmpty();
	}

	@Test
	void unrelatedPatternsGiveNoWarning() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = GET\nconnect = h:1\n[b]\nstring = POST\nstring = GEX\nconnect = h:2\n");
		assertThat(config.warnings()).isEmpty();
	}

	@Test
	void redundantPatternWithinAService() throws Exception {
		PortsplitConfig config = load(BIND + "[http]\nstring = GET\nstring = POST\nstring = GET /\nconnect = h:1\n");
		assertThat(config.warnings()).singleElement().satisfies(warning -> {
			assertThat(warning.line()).isEqualTo(5);
			assertThat(warning.message()).contains("'GET /' on line 5", "redundant", "'GET' on line 3", "[http]");
		});
	}

	@Test
	void shorterLaterPatternInTheSameServiceIsNotRedundant() throws Exception {
		assertThat(load(BIND + "[a]\nstring = GET /\nstring = GET\nconnect = h:1\n").warnings()).isEmpty();
	}

	@Test
	void everyShadowedPatternIsReportedInFileOrder() throws Exception {
		PortsplitConfig config = load(BIND + """
				[a]
				string = A
				connect = h:1
				[b]
				string = AB
				string = C
				string = AC
				connect = h:2
				[c]
				string = C1
				connect = h:3
				""");
		assertThat(config.warnings()).extracting(ConfigWarning::line).containsExactly(6, 8, 11);
		assertThat(config.warnings().get(2).message()).contains("'C1' on line 11", "[b] on line 7", "'C'");
	}

	@Test
	void specialServicesTakePartInNoShadowing() throws Exception {
		assertThat(load(BIND + "[fallback]\nconnect = h:1\n[a]\nstring = A\nconnect = h:2\n").warnings()).isEmpty();
	}
}
