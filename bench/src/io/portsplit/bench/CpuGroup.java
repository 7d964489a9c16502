package io.portsplit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup that only counts CPU time, one per proxy run. A proxy started inside it (the
 * launching shell moves itself in before it execs the proxy) takes every process it ever
 * forks along, and the group's counter keeps the CPU time of processes that have exited,
 * whether or not anybody reaped them (sslh and socat fork a process per connection).
 * <p>
 * It is used only where it cannot change scheduling: a cgroup v1 {@code cpuacct} hierarchy
 * mounted without {@code cpu}, or a cgroup v2 root whose {@code cpu} controller is not
 * enabled for children. Elsewhere (or when not root) the harness falls back to summing
 * {@code /proc/PID/stat} over the process tree, see {@link Proc#cpuSeconds}.
 */
final class CpuGroup {

	private static final Path ROOT = detect();

	private final Path dir;

	private final boolean v2;

	private CpuGroup(Path dir, boolean v2) {
		this.dir = dir;
		this.v2 = v2;
	}

	/** Where groups can be made, or why not. */
	static String describe() {
		if (ROOT == null) {
			return "/proc/PID/stat summed over the process tree (utime+stime, plus cutime+cstime of reaped children)";
		}
		return "a cgroup per proxy run (" + ROOT + "), total CPU of every process it ever held";
	}

	static boolean available() {
		return ROOT != null;
	}

	/** A new empty group, or null when groups cannot be used here. */
	static CpuGroup create(String name) {
		if (ROOT == null) {
			return null;
		}
		Path dir = ROOT.resolve(name);
		try {
			Files.createDirectory(dir);
			return new CpuGroup(dir, !ROOT.toString().contains("cpuacct"));
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The command, started by a shell that first moves itself into this group. */
	List<String> wrap(List<String> command) {
		List<String> wrapped = new ArrayList<>();
		wrapped.add("/bin/sh");
		wrapped.add("-c");
		wrapped.add("echo $$ > '" + this.dir.resolve("cgroup.procs") + "' && exec \"$@\"");
		wrapped.add("sh");
		wrapped.addAll(command);
		return wrapped;
	}

	double cpuSeconds() {
		try {
			if (this.v2) {
				for (String line : Files.readAllLines(this.dir.resolve("cpu.stat"))) {
					if (line.startsWith("usage_usec ")) {
						return Long.parseLong(line.substring(11).trim()) / 1e6;
					}
				}
				return 0;
			}
			return Long.parseLong(Files.readString(this.dir.resolve("cpuacct.usage")).trim()) / 1e9;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** Processes still in the group, e.g. forked children whose parent was already killed. */
	List<Integer> pids() {
		List<Integer> pids = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(this.dir.resolve("cgroup.procs"))) {
				if (!line.isBlank()) {
					pids.add(Integer.parseInt(line.trim()));
				}
			}
		}
		catch (IOException | RuntimeException ignored) {
			// gone already
		}
		return pids;
	}

	/** Removes the group once it is empty; tries for a few seconds. */
	void remove() {
		for (int i = 0; i < 50; i++) {
			try {
				Files.deleteIfExists(this.dir);
				return;
			}
			catch (IOException ex) {
				sleep(100);
			}
		}
	}

	private static Path detect() {
		if (!"root".equals(System.getProperty("user.name")) || Boolean.getBoolean("bench.nocgroup")) {
			return null;
		}
		String mounts = Proc.read(Paths.get("/proc/mounts"));
		if (mounts == null) {
			return null;
		}
		for (String line : mounts.split("\n")) {
			String[] f = line.split(" ");
			if (f.length < 4) {
				continue;
			}
			if (f[2].equals("cgroup")) {
				List<String> options = List.of(f[3].split(","));
				if (options.contains("cpuacct") && !options.contains("cpu")) {
					return usable(Paths.get(f[1]), "cpuacct.usage");
				}
			}
		}
		for (String line : mounts.split("\n")) {
			String[] f = line.split(" ");
			if (f.length >= 3 && f[2].equals("cgroup2") && f[1].equals("/sys/fs/cgroup")) {
				String subtree = Proc.read(Paths.get(f[1], "cgroup.subtree_control"));
				if (subtree != null && !List.of(subtree.trim().split(" ")).contains("cpu")) {
					return usable(Paths.get(f[1]), "cpu.stat");
				}
			}
		}
		return null;
	}

	private static Path usable(Path root, String counter) {
		Path probe = root.resolve("portsplit-bench-probe-" + ProcessHandle.current().pid());
		try {
			Files.createDirectory(probe);
			boolean ok = Files.exists(probe.resolve(counter));
			Files.delete(probe);
			return ok ? root : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.dir.toString();
	}
}
