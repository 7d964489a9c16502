package io.portsplit.abuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portsplit.support.Waits;

/**
 * The heap a JVM still uses right after a full collection, through {@code jcmd}: what it
 * really keeps, not garbage that a later collection would free.
 */
final class HeapProbe {

	/** "def new generation   total 4928K, used 1234K [...]" and the tenured one (Serial GC). */
	private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

	private final long pid;

	HeapProbe(long pid) {
		this.pid = pid;
	}

	/** Heap used after {@code GC.run}, in KiB. */
	long usedAfterGcKiB() {
		jcmd("GC.run");
		String info = jcmd("GC.heap_info");
		Matcher used = GENERATION_USED.matcher(info);
		long total = 0;
		int generations = 0;
		while (used.find()) {
			total += Long.parseLong(used.group(1));
			generations++;
		}
		if (generations == 0) {
			throw new AssertionError("no generation in GC.heap_info of " + this.pid + ":\n" + info);
		}
		return total;
	}

	private String jcmd(String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			// Into a file, not a pipe: the wait for it is then bounded, however jcmd fares.
			Path out = Files.createTempFile("jcmd-", ".txt");
			try {
				Process process = new ProcessBuilder(jcmd.toString(), Long.toString(this.pid), command)
					.redirectErrorStream(true)
					.redirectOutput(out.toFile())
					.start();
				if (!process.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new AssertionError("jcmd " + command + " did not return within " + Waits.EFFECT);
				}
				String text = Files.readString(out, StandardCharsets.UTF_8);
				if (process.exitValue() != 0) {
					throw new AssertionError("jcmd " + this.pid + " " + command + " failed:\n" + text);
				}
				return text;
			}
			finally {
				Files.deleteIfExists(out);
			}
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run jcmd", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}
}
