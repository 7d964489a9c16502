package io.portsplit;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How the command line is read: the file, --check, --explain, --help, --version, Spring properties. */
class CommandLineTest {

	private static CommandLine parse(String... args) throws CommandLine.UsageException {
		return CommandLine.parse(args);
	}

	@Test
	void theFileIsGivenBareOrAsConfig() throws Exception {
		assertThat(parse("a.conf").configFile()).isEqualTo(Path.of("a.conf"));
		assertThat(parse("--config=a.conf").configFile()).isEqualTo(Path.of("a.conf"));
		assertThat(parse("--config", "a.conf").configFile()).isEqualTo(Path.of("a.conf"));
		assertThat(parse("a.conf").mode()).isEqualTo(CommandLine.Mode.RUN);
	}

	@Test
	void checkTakesTheFileInEveryForm() throws Exception {
		for (String[] args : new String[][] { { "--check", "a.conf" }, { "--check=a.conf" }, { "--check", "--config=a.conf" },
				{ "--config=a.conf", "--check" } }) {
			CommandLine line = parse(args);
			assertThat(line.mode()).isEqualTo(CommandLine.Mode.CHECK);
			assertThat(line.configFile()).isEqualTo(Path.of("a.conf"));
		}
		assertThat(parse("--check", "a.conf", "--explain", "474554").explainHex()).isEqualTo("474554");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-h", "--help" })
	void helpNeedsNothingElse(String flag) throws Exception {
		assertThat(parse(flag).mode()).isEqualTo(CommandLine.Mode.HELP);
		assertThat(parse("a.conf", flag).mode()).isEqualTo(CommandLine.Mode.HELP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-V", "--version" })
	void versionNeedsNothingElse(String flag) throws Exception {
		assertThat(parse(flag).mode()).isEqualTo(CommandLine.Mode.VERSION);
	}

	@Test
	void springPropertiesPassThroughUntouched() throws Exception {
		assertThat(parse("a.conf", "--server.port=0", "--debug", "--logging.level.root=INFO").springArgs())
			.containsExactly("--server.port=0", "--debug", "--logging.level.root=INFO");
	}

	@Test
	void anUnknownFlagIsNotTakenForAFileOrAProperty() {
		assertThatExceptionOfType(CommandLine.UsageException.class).isThrownBy(() -> parse("-x", "a.conf"))
			.withMessage("unknown option '-x'");
		assertThatExceptionOfType(CommandLine.UsageException.class).isThrownBy(() -> parse("--verbose", "a.conf"))
			.withMessageStartingWith("unknown option '--verbose'");
		assertThatExceptionOfType(CommandLine.UsageException.class).isThrownBy(() -> parse("--explain", "47", "a.conf"))
			.withMessage("--explain needs --check");
		assertThatExceptionOfType(CommandLine.UsageException.class).isThrownBy(() -> parse())
			.withMessage("no configuration file given");
	}

	@Test
	void explainWithoutCheckSaysSoEvenWithoutAFile() {
		assertThatExceptionOfType(CommandLine.UsageException.class).isThrownBy(() -> parse("--explain", "47"))
			.withMessage("--explain needs --check");
	}

	@Test
	void helpAndVersionExitZeroWithTheirText() {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		java.io.PrintStream print = new java.io.PrintStream(out, true);
		assertThat(Main.run(new String[] { "--help" }, print, print)).isZero();
		assertThat(out.toString()).startsWith("usage: java -jar portsplit.jar").contains("--check", "--version");
		out.reset();
		assertThat(Main.run(new String[] { "-V" }, print, print)).isZero();
		assertThat(out.toString()).startsWith("portsplit ").doesNotContain("unknown");
	}
}
