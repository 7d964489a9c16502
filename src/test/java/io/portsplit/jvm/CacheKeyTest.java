package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes one cache entry another's. */
class CacheKeyTest {

	@TempDir
	Path dir;

	private Path jar;

	private Path javaHome;

	@BeforeEach
	void jarAndJvm() throws Exception {
		this.jar = Files.writeString(this.dir.resolve("portsplit.jar"), "jar");
		Files.setLastModifiedTime(this.jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
		this.javaHome = Files.createDirectories(this.dir.resolve("jdk"));
		Files.createDirectories(this.javaHome.resolve("lib/server"));
		Files.writeString(this.javaHome.resolve("lib/server/libjvm.so"), "libjvm");
		Files.writeString(this.javaHome.resolve("lib/modules"), "modules");
	}

	@Test
	void theSameJarOnTheSameJvmWithTheSameOptionsIsTheSameKey() throws Exception {
		CacheKey key = CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS);

		assertThat(CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).text()).isEqualTo(key.text());
		assertThat(CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).id()).isEqualTo(key.id());
		assertThat(CacheKey.isId(key.id())).isTrue();
	}

	@Test
	void itsTextNamesWhatItIsMadeOf() throws Exception {
		assertThat(CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).text()).contains("format " + CacheKey.FORMAT + "\n")
			.contains("jar " + this.jar.toRealPath() + "\n")
			.contains("jar.file 3 1767225600.000000000\n")
			.contains("java.home " + this.javaHome + "\n")
			.contains("java.vm.version 17.0.15+6\n")
			.contains("java.vm.vendor Debian\n")
			.contains("os.arch amd64\n")
			.contains("lib/server/libjvm.so 6 ")
			.contains("lib/server/classes.jsa absent\n")
			.contains("options " + String.join(" ", DaemonJvm.OPTIONS) + "\n");
	}

	@Test
	void anyChangeOfTheJarTheJvmOrTheOptionsIsAnotherKey() throws Exception {
		String id = CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).id();

		assertThat(CacheKey.of(this.jar, jvm("java.vm.version", "17.0.16+8"), DaemonJvm.OPTIONS).id()).isNotEqualTo(id);
		assertThat(CacheKey.of(this.jar, jvm("java.vm.vendor", "Eclipse Adoptium"), DaemonJvm.OPTIONS).id())
			.isNotEqualTo(id);
		assertThat(CacheKey.of(this.jar, jvm("os.arch", "aarch64"), DaemonJvm.OPTIONS).id()).isNotEqualTo(id);
		assertThat(CacheKey.of(this.jar, jvm("java.home", this.dir.toString()), DaemonJvm.OPTIONS).id())
			.isNotEqualTo(id);
		assertThat(CacheKey.of(this.jar, jvm(), List.of("-XX:+UseSerialGC")).id()).isNotEqualTo(id);

		Files.writeString(this.javaHome.resolve("lib/server/libjvm.so"), "rebuilt");
		String rebuiltJvm = CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).id();
		assertThat(rebuiltJvm).isNotEqualTo(id);

		Files.setLastModifiedTime(this.jar, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
		String touched = CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).id();
		assertThat(touched).isNotEqualTo(rebuiltJvm);

		Path copy = Files.copy(this.jar, this.dir.resolve("copy.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
		assertThat(CacheKey.of(copy, jvm(), DaemonJvm.OPTIONS).id()).isNotEqualTo(touched);
	}

	@Test
	void aLinkToTheJarIsTheJarItself() throws Exception {
		Path link = Files.createSymbolicLink(this.dir.resolve("current.jar"), this.jar);

		assertThat(CacheKey.of(link, jvm(), DaemonJvm.OPTIONS).id())
			.isEqualTo(CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS).id());
	}

	@Test
	void onlyItsOwnNamesLookLikeAnEntry() {
		assertThat(CacheKey.isId("0123456789abcdef")).isTrue();
		assertThat(CacheKey.isId("0123456789ABCDEF")).isFalse();
		assertThat(CacheKey.isId("lock")).isFalse();
		assertThat(CacheKey.isId("0123456789abcdef0")).isFalse();
	}

	private Properties jvm(String... overrides) {
		Properties jvm = new Properties();
		jvm.setProperty("java.home", this.javaHome.toString());
		jvm.setProperty("java.vm.version", "17.0.15+6");
		jvm.setProperty("java.vm.vendor", "Debian");
		jvm.setProperty("os.arch", "amd64");
		for (int i = 0; i < overrides.length; i += 2) {
			jvm.setProperty(overrides[i], overrides[i + 1]);
		}
		return jvm;
	}
}
