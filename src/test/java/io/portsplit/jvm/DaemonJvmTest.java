package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a started JVM is replaced, and by what command (the replacement itself: DaemonJvmIT). */
class DaemonJvmTest {

	private static final Path JAVA_HOME = Path.of("/opt/jdk");

	@TempDir
	Path dir;

	@Test
	void thePlainFormGetsTheDaemonOptionsAndKeepsItsArgumentsInOrder() {
		List<String> expected = new ArrayList<>(List.of("/opt/jdk/bin/java"));
		expected.addAll(DaemonJvm.OPTIONS);
		expected.addAll(List.of("-jar", "app/portsplit.jar", "--config=a b.conf", "--server.port=0"));

		assertThat(DaemonJvm.command(List.of("java", "-jar", "app/portsplit.jar", "--config=a b.conf", "--server.port=0"),
				Map.of(), JAVA_HOME))
			.contains(expected);
	}

	@Test
	void anyJvmOptionOrOptionVariableLeavesTheJvmAsStarted() {
		assertThat(DaemonJvm.command(List.of("java", "-Xmx1g", "-jar", "portsplit.jar"), Map.of(), JAVA_HOME)).isEmpty();
		assertThat(DaemonJvm.command(List.of("java", "-Dx=y", "-jar", "portsplit.jar"), Map.of(), JAVA_HOME)).isEmpty();
		for (String variable : DaemonJvm.OPTION_VARIABLES) {
			assertThat(DaemonJvm.command(List.of("java", "-jar", "portsplit.jar"), Map.of(variable, "-Xmx1g"), JAVA_HOME))
				.as(variable)
				.isEmpty();
		}
		assertThat(DaemonJvm.command(List.of("java", "-jar", "portsplit.jar"), Map.of("JDK_JAVA_OPTIONS", " "), JAVA_HOME))
			.isPresent();
	}

	@Test
	void onlyAJarRunWithMinusJarIsReplaced() {
		assertThat(DaemonJvm.command(List.of("java", "-cp", "portsplit.jar", "io.portsplit.Start"), Map.of(), JAVA_HOME))
			.isEmpty();
		assertThat(DaemonJvm.command(List.of("java", "-jar"), Map.of(), JAVA_HOME)).isEmpty();
		assertThat(DaemonJvm.command(List.of(), Map.of(), JAVA_HOME)).isEmpty();
	}

	@Test
	void aPreparedArchiveIsUsedOnlyWhileItIsNoOlderThanTheJar() throws Exception {
		Path jar = Files.writeString(this.dir.resolve("portsplit.jar"), "jar");
		Path extracted = Files.createDirectories(this.dir.resolve("portsplit.extracted"));
		Files.writeString(extracted.resolve("portsplit.jar"), "thin jar");
		Path archive = Files.writeString(extracted.resolve("portsplit.jsa"), "archive");
		Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
		Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));

		assertThat(DaemonJvm.command(List.of("java", "-jar", jar.toString(), "f.conf"), Map.of(), JAVA_HOME).orElseThrow())
			.contains("-XX:SharedArchiveFile=" + archive)
			.endsWith("-jar", extracted.resolve("portsplit.jar").toString(), "f.conf");

		Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:02Z")));
		assertThat(DaemonJvm.command(List.of("java", "-jar", jar.toString(), "f.conf"), Map.of(), JAVA_HOME).orElseThrow())
			.noneMatch(argument -> argument.startsWith("-XX:SharedArchiveFile"))
			.endsWith("-jar", jar.toString(), "f.conf");
	}

	@Test
	void theLaunchScriptRunsTheSameOptions() throws Exception {
		Matcher options = Pattern.compile("(?m)^jvm_opts=\"([^\"]*)\"$").matcher(Files.readString(Path.of("bin", "portsplit")));

		assertThat(options.find()).as("jvm_opts line in bin/portsplit").isTrue();
		assertThat(List.of(options.group(1).split(" "))).isEqualTo(DaemonJvm.OPTIONS);
	}
}
