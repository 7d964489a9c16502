package io.portsplit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --check FILE --explain HEX} path of the command line, with its exit codes. */
class MainExplainTest {

	@TempDir
	Path dir;

	Path file;

	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void config() throws Exception {
		this.file = Files.writeString(this.dir.resolve("portsplit.conf"), """
				bind = 127.0.0.1:9090

				[ssh]
				string = SSH-
				connect = 127.0.0.1:22

				[http]
				string = GET
				connect = 127.0.0.1:8080
				""");
	}

	int run(String... args) {
		return Main.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void explainsAMatch() {
		assertThat(run("--check", this.file.toString(), "--explain", "47 45 54 20")).isZero();
		assertThat(out()).isEqualTo(String.join(System.lineSeparator(),
				"bytes: 47 45 54 20 (\"GET \")",
				"[ssh] 'SSH-' (line 4): ruled out at byte 0 (0x47 != 0x53)",
				"[http] 'GET' (line 8): MATCHES",
				"decision: service [http], pattern 'GET' (line 8) -> connect 127.0.0.1:8080", ""));
		assertThat(err()).isEmpty();
	}

	@Test
	void explainsAWaitWithTheConfigOption() {
		assertThat(run("--check", "--config=" + this.file, "--explain=53:53:48")).isZero();
		assertThat(out()).contains("[ssh] 'SSH-' (line 4): still possible (3 of 4 bytes match)")
			.contains("decision: still possible: would wait for more bytes, then timeout after 5 s"
					+ " -> close (no [timeout] service)");
	}

	@Test
	void explainsAFallback() {
		assertThat(run("--check", this.file.toString(), "--explain", "16030100")).isZero();
		assertThat(out()).contains("decision: fallback: no pattern can match these bytes -> close (no [fallback] service)");
	}

	@Test
	void invalidHexIsAUsageErrorWithExitTwo() {
		assertThat(run("--check", this.file.toString(), "--explain", "GET")).isEqualTo(2);
		assertThat(err()).startsWith("portsplit: --explain: invalid hex 'GET': ")
			.contains("474554, 47 45 54 or 47:45:54")
			.doesNotContain("Exception");
		assertThat(out()).isEmpty();
	}

	@Test
	void explainNeedsCheck() {
		assertThat(run(this.file.toString(), "--explain", "474554")).isEqualTo(2);
		assertThat(err()).contains("--explain needs --check");
	}

	@Test
	void aBadFileIsStillReportedWithItsLine() throws Exception {
		Files.writeString(this.file, "bind = 127.0.0.1:9090\n[http]\nstring = GET\n");
		assertThat(run("--check", this.file.toString(), "--explain", "474554")).isEqualTo(2);
		assertThat(err()).startsWith("portsplit: " + this.file + ":");
	}
}
