package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The training steps run the JVM exactly as the daemon will run from the entry: the same
 * options and the same extracted jar by the same path, or the JVM refuses the archive.
 */
class TrainingCommandsTest {

	private static final Path JAVA_HOME = Path.of("/opt/jdk");

	private static final List<String> NICE = List.of("/usr/bin/nice", "-n", "10");

	@Test
	void theTrainingRunHasTheDaemonsOptionsAndClassPathAndSaysWhatItIs() {
		CacheEntry entry = new CacheEntry(Path.of("/var/cache/portsplit"), "0123456789abcdef", ArchiveKind.DYNAMIC_CDS);
		TrainingCommands commands = new TrainingCommands(NICE, JAVA_HOME, entry);
		List<String> daemon = DaemonJvm.command(List.of("java", "-jar", "/opt/portsplit.jar", "--config=f"), JAVA_HOME,
				CacheUse.use(entry), "/lib");

		List<String> record = commands.record();

		assertThat(record).startsWith("/usr/bin/nice", "-n", "10", "/opt/jdk/bin/java")
			.containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:ArchiveClassesAtExit=/var/cache/portsplit/0123456789abcdef/portsplit.jsa")
			.endsWith("-jar", entry.appJar().toString(), CacheTraining.ARGUMENT);
		assertThat(daemon).containsSubsequence("-jar", entry.appJar().toString())
			.contains("-XX:SharedArchiveFile=" + entry.archive());
		assertThat(commands.create()).isEmpty();
	}

	@Test
	void anAotCacheIsRecordedThenCreatedWithTheSameOptionsAndClassPath() {
		CacheEntry entry = new CacheEntry(Path.of("/c"), "0123456789abcdef", ArchiveKind.AOT_CACHE);
		TrainingCommands commands = new TrainingCommands(List.of(), JAVA_HOME, entry);

		assertThat(commands.record()).startsWith("/opt/jdk/bin/java")
			.containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:AOTMode=record", "-XX:AOTConfiguration=/c/0123456789abcdef/portsplit.aotconf")
			.endsWith("-jar", "/c/0123456789abcdef/app/portsplit.jar", CacheTraining.ARGUMENT);
		assertThat(commands.create()).containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:AOTMode=create", "-XX:AOTConfiguration=/c/0123456789abcdef/portsplit.aotconf",
					"-XX:AOTCache=/c/0123456789abcdef/portsplit.aot")
			.endsWith("-jar", "/c/0123456789abcdef/app/portsplit.jar", CacheTraining.ARGUMENT);
	}

	@Test
	void theCheckFailsAJvmThatCannotMapTheArchive() {
		CacheEntry entry = new CacheEntry(Path.of("/c"), "0123456789abcdef", ArchiveKind.AOT_CACHE);

		assertThat(new TrainingCommands(NICE, JAVA_HOME, entry).verify()).startsWith("/opt/jdk/bin/java")
			.containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:SharedArchiveFile=/c/0123456789abcdef/portsplit.aot", "-Xshare:on")
			.endsWith("-jar", "/c/0123456789abcdef/app/portsplit.jar", "--version");
	}

	@Test
	void extractionGivesTheApplicationJarItsFixedName() {
		CacheEntry entry = new CacheEntry(Path.of("/c"), "0123456789abcdef", ArchiveKind.DYNAMIC_CDS);

		assertThat(new TrainingCommands(List.of(), JAVA_HOME, entry).extract(Path.of("/opt/portsplit-1.2.jar")))
			.containsSubsequence("-Djarmode=tools", "-jar", "/opt/portsplit-1.2.jar", "extract", "--destination",
					"/c/0123456789abcdef/app", "--application-filename", "portsplit.jar");
	}

	@Test
	void theArchiveKindFollowsTheJdk() {
		assertThat(ArchiveKind.of(Runtime.Version.parse("17.0.15"))).isEqualTo(ArchiveKind.DYNAMIC_CDS);
		assertThat(ArchiveKind.of(Runtime.Version.parse("21.0.5"))).isEqualTo(ArchiveKind.DYNAMIC_CDS);
		assertThat(ArchiveKind.of(Runtime.Version.parse("25.0.1"))).isEqualTo(ArchiveKind.AOT_CACHE);
	}
}
