package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where the cache is, from the environment. */
class CacheDirectoryTest {

	private static final Path CWD = Path.of("/srv/portsplit");

	private static final String HOME = "/home/ops";

	@Test
	void portsplitsOwnVariableComesFirstAndARelativeOneIsTakenFromTheWorkingDirectory() {
		assertThat(CacheDirectory.locate(Map.of("PORTSPLIT_CACHE_DIR", "/data/cache", "CACHE_DIRECTORY",
				"/var/cache/portsplit", "XDG_CACHE_HOME", "/home/ops/.xdg"), HOME, CWD))
			.contains(Path.of("/data/cache"));
		assertThat(CacheDirectory.locate(Map.of("PORTSPLIT_CACHE_DIR", "cache/../c"), HOME, CWD))
			.contains(Path.of("/srv/portsplit/c"));
	}

	@Test
	void thenSystemdsCacheDirectoryItsFirstEntryIfSeveral() {
		assertThat(CacheDirectory.locate(Map.of("CACHE_DIRECTORY", "/var/cache/portsplit", "XDG_CACHE_HOME",
				"/home/ops/.xdg"), HOME, CWD))
			.contains(Path.of("/var/cache/portsplit"));
		assertThat(CacheDirectory.locate(Map.of("CACHE_DIRECTORY", "/var/cache/portsplit:/var/cache/other"), HOME, CWD))
			.contains(Path.of("/var/cache/portsplit"));
	}

	@Test
	void thenXdgCacheHomeThenTheHomeDirectory() {
		assertThat(CacheDirectory.locate(Map.of("XDG_CACHE_HOME", "/home/ops/.xdg"), HOME, CWD))
			.contains(Path.of("/home/ops/.xdg/portsplit"));
		assertThat(CacheDirectory.locate(Map.of(), HOME, CWD)).contains(Path.of("/home/ops/.cache/portsplit"));
	}

	@Test
	void emptyVariablesAreUnsetAndARelativeXdgCacheHomeIsIgnored() {
		assertThat(CacheDirectory.locate(Map.of("PORTSPLIT_CACHE_DIR", "", "CACHE_DIRECTORY", " ", "XDG_CACHE_HOME",
				"relative"), HOME, CWD))
			.contains(Path.of("/home/ops/.cache/portsplit"));
	}

	@Test
	void noHomeAndNothingElseIsNoCache() {
		assertThat(CacheDirectory.locate(Map.of(), "?", CWD)).isEmpty();
		assertThat(CacheDirectory.locate(Map.of(), null, CWD)).isEmpty();
	}
}
