package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch's libc calls, through JNA, in a JVM of its own that ends in the execve
 * ({@link NativeCallsProbe}). The program it execs must have the same pid, an empty
 * signal mask, the in-use lock's descriptor with its shared lock, and not the descriptor
 * marked close-on-exec, both by the switch's marking as it runs on this machine (one
 * {@code close_range} call where the machine allows it) and by its fallback (one call per
 * descriptor).
 */
class NativeCallsTest {

	private static final Pattern STATUS_PID = Pattern.compile("(?m)^Pid:\\s+(\\d+)$");

	private static final Pattern JAVA_PID = Pattern.compile("(?m)^java pid (\\d+)$");

	private static final int CLOSE_RANGE_CLOEXEC = 4;

	@TempDir
	Path dir;

	@Test
	void jnaCallsHandTheLockAndNothingElseToTheProgramTheProcessBecomes() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		assertThat(assertReplaced(run(java, "all"))).contains("marked in one call " + closeRangeHere());
		assertReplaced(run(java, "walk"));
	}

	private String run(Path java, String marking) throws Exception {
		Path lock = Files.writeString(this.dir.resolve("in-use"), "");
		Path other = Files.writeString(this.dir.resolve("other"), "");
		List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
				NativeCallsProbe.class.getName(), marking, lock.toString(), other.toString());
		Path output = this.dir.resolve(marking + ".txt");
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

	/**
	 * Whether this machine lets a process mark descriptors close-on-exec in one call, asked of
	 * the kernel itself (an empty range, which it accepts exactly when it knows the flag) through
	 * a look-up of its own, not portsplit's binding: a kernel before 5.11 refuses the flag, a
	 * glibc before 2.34 has no such function, a sandbox may forbid the call.
	 */
	private static boolean closeRangeHere() {
		try {
			Function closeRange = NativeLibrary.getInstance("libc.so.6").getFunction("close_range");
			return closeRange.invokeInt(new Object[] { -1, -1, CLOSE_RANGE_CLOEXEC }) == 0;
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
