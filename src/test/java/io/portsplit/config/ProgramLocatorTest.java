package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.portsplit.config.ProgramLocator.ProgramNotFoundException;

class ProgramLocatorTest {

	@TempDir
	Path dir;

	static Path executable(Path path) throws IOException {
		Files.writeString(path, "#!/bin/sh\nexit 0\n");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
		return path;
	}

	@Test
	void absolutePathThatIsExecutable() throws Exception {
		Path tool = executable(this.dir.resolve("tool"));
		assertThat(new ProgramLocator("").locate(tool.toString())).isEqualTo(tool);
	}

	@Test
	void pathThatDoesNotExist() {
		String missing = this.dir.resolve("x/y").toString();
		assertThatExceptionOfType(ProgramNotFoundException.class).isThrownBy(() -> new ProgramLocator("").locate(missing))
			.withMessage("program '" + missing + "' not found");
	}

	@Test
	void pathThatIsNotExecutable() throws Exception {
		Path plain = Files.writeString(this.dir.resolve("plain"), "x");
		assertThatExceptionOfType(ProgramNotFoundException.class)
			.isThrownBy(() -> new ProgramLocator("").locate(plain.toString()))
			.withMessage("program '" + plain + "' is not executable");
	}

	@Test
	void pathThatIsADirectory() {
		assertThatExceptionOfType(ProgramNotFoundException.class)
			.isThrownBy(() -> new ProgramLocator("").locate(this.dir.toString()))
			.withMessageContaining("is a directory");
	}

	@Test
	void nameIsSearchedOnPathInOrder() throws Exception {
		Path first = Files.createDirectories(this.dir.resolve("first"));
		Path second = Files.createDirectories(this.dir.resolve("second"));
		Files.writeString(first.resolve("tool"), "not executable");
		Path tool = executable(second.resolve("tool"));
		ProgramLocator locator = new ProgramLocator(this.dir.resolve("none") + File.pathSeparator + first
				+ File.pathSeparator + second);
		assertThat(locator.locate("tool")).isEqualTo(tool);
	}

	@Test
	void nameNotOnPath() {
		assertThatExceptionOfType(ProgramNotFoundException.class)
			.isThrownBy(() -> new ProgramLocator(this.dir.toString()).locate("nosuchprogram"))
			.withMessageContaining("program 'nosuchprogram' not found on PATH");
	}

	@Test
	void nameOnPathButNotExecutable() throws Exception {
		Files.writeString(this.dir.resolve("plain"), "x");
		assertThatExceptionOfType(ProgramNotFoundException.class)
			.isThrownBy(() -> new ProgramLocator(this.dir.toString()).locate("plain"))
			.withMessageContaining("'plain'")
			.withMessageContaining("not executable");
	}

	@Test
	void directoryOnPathWithTheNameIsSkipped() throws Exception {
		Files.createDirectories(this.dir.resolve("a/tool"));
		Path b = Files.createDirectories(this.dir.resolve("b"));
		Path tool = executable(b.resolve("tool"));
		assertThat(new ProgramLocator(this.dir.resolve("a") + ":" + b).locate("tool")).isEqualTo(tool);
	}

	@Test
	void environmentPathFindsAShell() throws Exception {
		assertThat(ProgramLocator.fromEnvironment().locate("sh")).isAbsolute();
	}
}
