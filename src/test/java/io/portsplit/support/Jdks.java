package io.portsplit.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Other JDKs on this machine, for the tests of what portsplit does differently on them:
 * the JVM running the tests if it is recent enough, else the newest JDK under
 * {@code /usr/lib/jvm} (or {@code $PORTSPLIT_TEST_JDKS}) whose {@code release} file says so.
 */
public final class Jdks {

	private static final Pattern FEATURE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

	private Jdks() {
	}

	/** The {@code java} of a JDK whose feature version is at least {@code feature}, if there is one. */
	public static Optional<Path> javaOfAtLeast(int feature) {
		if (Runtime.version().feature() >= feature) {
			return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
		}
		String roots = System.getenv().getOrDefault("PORTSPLIT_TEST_JDKS", "/usr/lib/jvm");
		Path best = null;
		int bestFeature = 0;
		for (String root : roots.split(":")) {
			if (!Files.isDirectory(Path.of(root))) {
				continue;
			}
			try (DirectoryStream<Path> homes = Files.newDirectoryStream(Path.of(root))) {
				for (Path home : homes) {
					int found = feature(home);
					if (found >= feature && found > bestFeature && Files.isExecutable(home.resolve("bin/java"))) {
						best = home.resolve("bin/java");
						bestFeature = found;
					}
				}
			}
			catch (IOException ex) {
				// no JDK from there
			}
		}
		return Optional.ofNullable(best);
	}

	private static int feature(Path home) {
		try {
			Matcher matcher = FEATURE.matcher(Files.readString(home.resolve("release")));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}
}
