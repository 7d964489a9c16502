package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Writes configuration text to a real file and loads it, with a PATH of test programs. */
abstract class ConfigTestSupport {

	static final String BIND = "bind = 127.0.0.1:9090\n";

	@TempDir
	Path dir;

	Path bin;

	ProgramLocator programs;

	@BeforeEach
	void programs() throws IOException {
		this.bin = Files.createDirectories(this.dir.resolve("bin"));
		executable(this.bin.resolve("tool"));
		Files.writeString(this.bin.resolve("plain"), "not a program\n");
		this.programs = new ProgramLocator(this.bin.toString());
	}

	static Path executable(Path path) throws IOException {
		return ProgramLocatorTest.executable(path);
	}

	Path write(String text) throws IOException {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	Path write(byte[] content) throws IOException {
		Path file = this.dir.resolve("portsplit.conf");
		Files.write(file, content);
		return file;
	}

	PortsplitConfig load(String text) throws Exception {
		return ConfigLoader.load(write(text), this.programs);
	}

	ConfigException error(String text) throws IOException {
		Path file = write(text);
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, this.programs));
		assertThat(ex).as("expected a configuration error for:%n%s", text).isNotNull();
		assertThat(ex.file()).isEqualTo(file);
		assertThat(ex.getMessage()).isEqualTo(file + (ex.line() > 0 ? ":" + ex.line() : "") + ": " + ex.problem());
		return ex;
	}

	/** Asserts the error is on {@code line} and its problem contains every one of {@code words}. */
	ConfigException assertError(String text, int line, String... words) throws IOException {
		ConfigException ex = error(text);
		assertThat(ex.line()).as("line of: %s", ex.getMessage()).isEqualTo(line);
		assertThat(ex.problem()).contains(words);
		return ex;
	}
}
