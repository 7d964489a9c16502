package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.portsplit.support.Jdks;

/**
 * The switch's libc calls, both ways, each in a JVM of its own that ends in the execve
 * ({@link NativeCallsProbe}): JNA on the JVM running the tests, the JDK's foreign function
 * API on a JDK 22 or later if the machine has one (the first stage of a plain
 * {@code java -jar} uses it there). The program it execs must have the same pid, an empty
 * signal mask, the in-use lock's descriptor with its shared lock, and not the descriptor
 * marked close-on-exec, whether all descriptors were marked in one call ({@code close_range},
 * where this machine's kernel and libc have it) or that one alone (the switch's fallback).
 */
class NativeCallsTest {

	private static final Pattern STATUS_PID = Pattern.compile("(?m)^Pid:\\s+(\\d+)$");

	private static final Pattern JAVA_PID = Pattern.compile("(?m)^java pid (\\d+)$");

	@TempDir
	Path dir;

	@Test
	void jnaCallsHandTheLockAndNothingElseToTheProgramTheProcessBecomes() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		assertThat(assertReplaced(run(java, "jna", "all"))).contains("marked in one call " + closeRangeHere());
		assertReplaced(run(java, "jna", "one"));
	}

	@Test
	void foreignCallsOnJdk22AndLaterDoTheSame() throws Exception {
		Optional<Path> java = Jdks.javaOfAtLeast(ForeignCalls.FIRST_FEATURE_VERSION);
		assumeTrue(java.isPresent(), "no JDK 22 or later on this machine");
		assertThat(assertReplaced(run(java.get(), "foreign", "all"))).contains("marked in one call " + closeRangeHere());
		assertReplaced(run(java.get(), "foreign", "one"));
	}

	@Test
	void beforeJdk22ThereAreNoForeignCallsAndJnaIsLeftToMakeThem() throws Exception {
		assumeTrue(Runtime.version().feature() < ForeignCalls.FIRST_FEATURE_VERSION);
		assertThat(ForeignCalls.load()).isNull();
	}

	private String run(Path java, String how, String marking) throws Exception {
		Path lock = Files.writeString(this.dir.resolve("in-use"), "");
		Path other = Files.writeString(this.dir.resolve("other"), "");
		List<String> command = new ArrayList<>(List.of(java.toString()));
		if (!how.equals("jna")) {
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"),
				NativeCallsProbe.class.getName(), how, marking, lock.toString(), other.toString()));
		Path output = this.dir.resolve(how + "-" + marking + ".txt");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("cat's status for the descriptor it must not find: " + text).isEqualTo(1);
		return text.replace(lock.toString(), "LOCK").replace(other.toString(), "OTHER");
	}

	/** Linux 5.11 added {@code CLOSE_RANGE_CLOEXEC}, glibc 2.34 the function. */
	private static boolean closeRangeHere() {
		String[] kernel = System.getProperty("os.version").split("[^0-9]+");
		boolean kernelHasIt = Integer.parseInt(kernel[0]) > 5
				|| (Integer.parseInt(kernel[0]) == 5 && Integer.parseInt(kernel[1]) >= 11);
		try {
			NativeLibrary.getInstance("libc.so.6").getFunction("close_range");
			return kernelHasIt;
		}
		catch (UnsatisfiedLinkError ex) {
			return false;
		}
	}

	private static String assertReplaced(String output) {
		Matcher javaPid = JAVA_PID.matcher(output);
		Matcher pid = STATUS_PID.matcher(output);
		assertThat(javaPid.find() && pid.find()).as(output).isTrue();
		assertThat(pid.group(1)).as("the same process: " + output).isEqualTo(javaPid.group(1));
		assertThat(output).as("SIGHUP unblocked, the lock held through its descriptor, the other one closed")
			.contains("shared lock true", "SigBlk:\t0000000000000000")
			.containsPattern("(?m)^lock:\\s.*FLOCK\\s+ADVISORY\\s+READ")
			.containsPattern("/proc/self/fdinfo/\\d+: No such file or directory")
			.doesNotContain("not replaced");
		return output;
	}
}
