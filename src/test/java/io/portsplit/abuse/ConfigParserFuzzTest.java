package io.portsplit.abuse;

import java.nio.file.Path;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ProgramLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the file holds, loading it either yields a configuration or one
 * {@link ConfigException} naming the file (and a line where one applies); any other
 * exception escapes to Jazzer and is a finding. Run on its own without {@code JAZZER_FUZZ}, this replays
 * the seeds in {@code ConfigParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} (the build's fuzz executions) it replays them, then fuzzes.
 */
class ConfigParserFuzzTest {

	private static final Path FILE = Path.of("/fuzz/portsplit.conf");

	/** A fixed, tiny PATH: lookups of {@code exec} names stay fast and the same on every machine. */
	private static final ProgramLocator PROGRAMS = new ProgramLocator("/bin:/usr/bin");

	/** The short, bounded run: in {@code verify} (fuzzing, see the pom) and replaying the inputs under {@code mvn test}. */
	@FuzzTest(maxDuration = "10s")
	void anyTextLoadsOrFailsWithFileAndLine(FuzzedDataProvider data) {
		check(data);
	}

	/** The long run, documented in TESTING.md: only when asked for, it would hold a build for half an hour. */
	@FuzzTest(maxDuration = "30m")
	@EnabledIfEnvironmentVariable(named = "PORTSPLIT_FUZZ_LONG", matches = "1")
	void anyTextLoadsOrFailsWithFileAndLineLong(FuzzedDataProvider data) {
		check(data);
	}

	private static void check(FuzzedDataProvider data) {
		String text = data.consumeRemainingAsString();
		try {
			PortsplitConfig config = ConfigLoader.load(text, FILE, PROGRAMS);
			assertThat(config.binds()).isNotEmpty();
		}
		catch (ConfigException ex) {
			assertThat(ex.file()).isEqualTo(FILE);
			assertThat(ex.line()).isBetween(0, text.length() + 1);
			assertThat(ex.problem()).isNotBlank();
			if (ex.line() == 0) {
				// The one error about the file as a whole. Any other without a line is a failure of
				// the parser itself (a binder that cannot build the properties says "bad value 'null'").
				assertThat(ex.problem()).startsWith("no 'bind' option");
			}
		}
	}
}
