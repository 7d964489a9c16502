package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The README's probe table is what the recognisers do: each row is the probe's own rule,
 * which {@code --check --explain} prints too. Quoted literals are written in backticks
 * there, so they render as code.
 */
class ProbeRulesDocumentedTest {

	@Test
	void everyProbeHasItsRuleInTheReadme() throws IOException {
		List<String> rows = Files.readAllLines(Path.of("README.md"))
			.stream()
			.filter(line -> line.startsWith("| `"))
			.map(line -> line.replace('`', '\''))
			.toList();
		for (Probe probe : Probe.values()) {
			String row = "| '" + probe.configName() + "' | " + probe.rule() + " |";
			assertThat(rows).as("README row for probe %s", probe.configName()).contains(row);
		}
	}
}
