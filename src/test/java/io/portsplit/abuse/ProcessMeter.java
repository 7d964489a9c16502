package io.portsplit.abuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Waits;

/**
 * What a running process holds, read from {@code /proc}: open descriptors, threads, live
 * children and CPU time. Counts, not timings, so a busy machine cannot make them lie.
 */
final class ProcessMeter {

	/** One reading. */
	record Holding(int fds, int threads, int children) {

		@Override
		public String toString() {
			return this.fds + " fds, " + this.threads + " threads, " + this.children + " children";
		}
	}

	private final long pid;

	ProcessMeter(long pid) {
		this.pid = pid;
	}

	Holding holding() {
		return new Holding(fds(), threads(), children());
	}

	int fds() {
		try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(this.pid), "fd"))) {
			return (int) entries.count();
		}
		catch (IOException ex) {
			throw new AssertionError("cannot list /proc/" + this.pid + "/fd", ex);
		}
	}

	/** Open descriptors by kind (socket, pipe, anon_inode:…, or the file), for failure messages. */
	java.util.Map<String, Long> fdKinds() {
		try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(this.pid), "fd"))) {
			return entries.map(fd -> {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					return target.replaceAll("\\[\\d+\\]$", "");
				}
				catch (IOException gone) {
					return "gone";
				}
			}).collect(java.util.stream.Collectors.groupingBy(kind -> kind, java.util.TreeMap::new,
					java.util.stream.Collectors.counting()));
		}
		catch (IOException ex) {
			return java.util.Map.of();
		}
	}

	int threads() {
		try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(this.pid), "task"))) {
			return (int) entries.count();
		}
		catch (IOException ex) {
			throw new AssertionError("cannot list /proc/" + this.pid + "/task", ex);
		}
	}

	/** Children still running; an exited, unreaped one has let go of everything but its pid. */
	int children() {
		long running = ProcessHandle.of(this.pid)
			.map(handle -> handle.children().filter(child -> ChildProcesses.isRunning(child.pid())).count())
			.orElse(0L);
		return (int) running;
	}

	/** User plus system CPU time, in clock ticks (proc(5) fields 14 and 15). */
	long cpuTicks() {
		List<String> fields = ChildProcesses.stat(this.pid)
			.orElseThrow(() -> new AssertionError("process " + this.pid + " is gone"));
		// The list starts at field 3 (state).
		return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
	}

	/** Clock ticks per second; 100 on every Linux this runs on, but asked rather than assumed. */
	static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			if (!getconf.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
				getconf.destroyForcibly();
				return 100;
			}
			return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}
}
