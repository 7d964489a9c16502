package io.portsplit.jvm;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the start-up cache lives: {@code $PORTSPLIT_CACHE_DIR}; else systemd's
 * {@code $CACHE_DIRECTORY} (set by the unit's {@code CacheDirectory=}, already
 * portsplit's own); else {@code $XDG_CACHE_HOME/portsplit}; else
 * {@code ~/.cache/portsplit}. An empty variable counts as unset, and a relative
 * {@code XDG_CACHE_HOME} is ignored, as the XDG specification says. The path is made
 * absolute and normalised once here: the JVM compares the class path of a dynamic
 * archive by name, so the trainer and every later start must spell it the same way.
 */
final class CacheDirectory {

	static final String VARIABLE = "PORTSPLIT_CACHE_DIR";

	static final String SYSTEMD_VARIABLE = "CACHE_DIRECTORY";

	private CacheDirectory() {
	}

	static Optional<Path> locate(Map<String, String> environment, String userHome, Path workingDirectory) {
		try {
			String own = nonEmpty(environment.get(VARIABLE));
			if (own != null) {
				return Optional.of(absolute(Path.of(own), workingDirectory));
			}
			// Several CacheDirectory= entries arrive colon-separated; the unit names portsplit's first.
			String systemd = nonEmpty(environment.get(SYSTEMD_VARIABLE));
			if (systemd != null && nonEmpty(systemd.split(":", -1)[0]) != null) {
				return Optional.of(absolute(Path.of(systemd.split(":", -1)[0]), workingDirectory));
			}
			String xdg = nonEmpty(environment.get("XDG_CACHE_HOME"));
			if (xdg != null && Path.of(xdg).isAbsolute()) {
				return Optional.of(Path.of(xdg, "portsplit").normalize());
			}
			String home = nonEmpty(userHome);
			if (home != null && Path.of(home).isAbsolute()) {
				return Optional.of(Path.of(home, ".cache", "portsplit").normalize());
			}
		}
		catch (InvalidPathException ex) {
			// a path the file system cannot take: no cache
		}
		return Optional.empty();
	}

	/** From this process's environment and user. */
	static Optional<Path> locate() {
		return locate(System.getenv(), System.getProperty("user.home"), Path.of(System.getProperty("user.dir", "/")));
	}

	private static Path absolute(Path path, Path workingDirectory) {
		return workingDirectory.resolve(path).toAbsolutePath().normalize();
	}

	private static String nonEmpty(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}
}
