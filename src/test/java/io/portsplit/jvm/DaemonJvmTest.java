package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** When a started JVM is replaced, and by what command (the replacement itself: DaemonJvmIT). */
class DaemonJvmTest {

	private static final Path JAVA_HOME = Path.of("/opt/jdk");

	private static final String LIBRARIES = "/usr/lib/x86_64-linux-gnu:/lib";

	private static final CacheEntry ENTRY = new CacheEntry(Path.of("/var/cache/portsplit"), "0123456789abcdef",
			ArchiveKind.DYNAMIC_CDS);

	@Test
	void thePlainFormGetsTheDaemonOptionsAndKeepsItsArgumentsInOrder() {
		List<String> current = List.of("java", "-jar", "app/portsplit.jar", "--config=a b.conf", "--server.port=0");
		List<String> expected = new ArrayList<>(List.of("/opt/jdk/bin/java"));
		expected.addAll(DaemonJvm.OPTIONS);
		expected.addAll(List.of("-Djna.platform.library.path=" + LIBRARIES, "-jar", "app/portsplit.jar",
				"--config=a b.conf", "--server.port=0"));

		assertThat(DaemonJvm.isPlain(current, Map.of())).isTrue();
		assertThat(DaemonJvm.command(current, JAVA_HOME, CacheUse.none(), LIBRARIES)).isEqualTo(expected);
	}

	@Test
	void aValidEntryRunsTheExtractedJarOnItsArchiveQuietlyAndNamesTheJarItStandsFor() {
		List<String> current = List.of("java", "-jar", "/opt/portsplit/portsplit.jar", "--config=f.conf");
		List<String> expected = new ArrayList<>(List.of("/opt/jdk/bin/java"));
		expected.addAll(DaemonJvm.OPTIONS);
		expected.addAll(List.of("-XX:SharedArchiveFile=/var/cache/portsplit/0123456789abcdef/portsplit.jsa",
				"-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Dportsplit.jar=/opt/portsplit/portsplit.jar",
				"-Djna.platform.library.path=" + LIBRARIES, "-jar",
				"/var/cache/portsplit/0123456789abcdef/app/portsplit.jar", "--config=f.conf"));

		assertThat(DaemonJvm.command(current, JAVA_HOME, CacheUse.use(ENTRY), LIBRARIES)).isEqualTo(expected);
	}

	@Test
	void withoutAnEntryTheJarRunsAsItIsAndTheDaemonIsAskedToTrainOne() {
		List<String> current = List.of("java", "-jar", "/opt/portsplit/portsplit.jar", "--config=f.conf");

		assertThat(DaemonJvm.command(current, JAVA_HOME, CacheUse.train(ENTRY), LIBRARIES))
			.containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-Dportsplit.jar=/opt/portsplit/portsplit.jar",
					"-Dportsplit.cache.train=/var/cache/portsplit/0123456789abcdef")
			.noneMatch(argument -> argument.startsWith("-XX:SharedArchiveFile") || argument.startsWith("-Xlog"))
			.endsWith("-jar", "/opt/portsplit/portsplit.jar", "--config=f.conf");
	}

	@Test
	void anyJvmOptionOrOptionVariableLeavesTheJvmAsStarted() {
		assertThat(DaemonJvm.isPlain(List.of("java", "-Xmx1g", "-jar", "portsplit.jar"), Map.of())).isFalse();
		assertThat(DaemonJvm.isPlain(List.of("java", "-Dx=y", "-jar", "portsplit.jar"), Map.of())).isFalse();
		for (String variable : DaemonJvm.OPTION_VARIABLES) {
			assertThat(DaemonJvm.isPlain(List.of("java", "-jar", "portsplit.jar"), Map.of(variable, "-Xmx1g")))
				.as(variable)
				.isFalse();
		}
		assertThat(DaemonJvm.isPlain(List.of("java", "-jar", "portsplit.jar"), Map.of("JDK_JAVA_OPTIONS", " "))).isTrue();
	}

	@Test
	void theCachesOwnModesRunInTheJvmAsStarted() {
		assertThat(DaemonJvm.isPlain(List.of("java", "-jar", "portsplit.jar", CachePrepare.ARGUMENT), Map.of())).isFalse();
		assertThat(DaemonJvm.isPlain(List.of("java", "-jar", "portsplit.jar", CacheTraining.ARGUMENT), Map.of())).isFalse();
		assertThat(DaemonJvm.isPlain(List.of("java", "-jar", "portsplit.jar", "--config=" + CachePrepare.ARGUMENT),
				Map.of())).isTrue();
	}

	@Test
	void onlyAJarRunWithMinusJarIsReplaced() {
		assertThat(DaemonJvm.isPlain(List.of("java", "-cp", "portsplit.jar", "io.portsplit.Start"), Map.of())).isFalse();
		assertThat(DaemonJvm.isPlain(List.of("java", "-jar"), Map.of())).isFalse();
		assertThat(DaemonJvm.isPlain(List.of(), Map.of())).isFalse();
	}

	@Test
	void theLaunchScriptRunsTheSameOptions() throws Exception {
		Matcher options = Pattern.compile("(?m)^jvm_opts=\"([^\"]*)\"$").matcher(Files.readString(Path.of("bin", "portsplit")));

		assertThat(options.find()).as("jvm_opts line in bin/portsplit").isTrue();
		assertThat(List.of(options.group(1).split(" "))).isEqualTo(DaemonJvm.OPTIONS);
	}
}
