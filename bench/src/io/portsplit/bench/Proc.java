package io.portsplit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kernel says about a process tree: CPU time from {@code /proc/PID/stat}, resident
 * memory from {@code /proc/PID/status} and proportional memory from
 * {@code /proc/PID/smaps_rollup}.
 */
final class Proc {

	/** Clock ticks per second for the times in /proc/PID/stat; bench/run passes {@code getconf CLK_TCK}. */
	static final long CLK_TCK = Long.getLong("bench.clktck", 100);

	private Proc() {
	}

	/** Fields 4 and 14–17 of /proc/PID/stat; null when the process is gone. */
	record Stat(int pid, int ppid, long utime, long stime, long cutime, long cstime) {
	}

	static Stat stat(int pid) {
		String text = read(Paths.get("/proc", Integer.toString(pid), "stat"));
		if (text == null) {
			return null;
		}
		// The command name may contain blanks and parentheses: the fields start after the last ')'.
		int close = text.lastIndexOf(')');
		if (close < 0) {
			return null;
		}
		String[] f = text.substring(close + 2).trim().split(" ");
		// f[0] is field 3 (state), so field N is f[N - 3].
		try {
			return new Stat(pid, Integer.parseInt(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
					Long.parseLong(f[13]), Long.parseLong(f[14]));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Every live process on the machine and its parent. */
	static Map<Integer, List<Integer>> childrenMap() {
		Map<Integer, List<Integer>> children = new HashMap<>();
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get("/proc"))) {
			for (Path p : dir) {
				String name = p.getFileName().toString();
				if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
					continue;
				}
				Stat s = stat(Integer.parseInt(name));
				if (s != null) {
					children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot list /proc", ex);
		}
		return children;
	}

	/** The roots and all their live descendants. */
	static Set<Integer> tree(Collection<Integer> roots) {
		Map<Integer, List<Integer>> children = childrenMap();
		Set<Integer> all = new LinkedHashSet<>();
		Deque<Integer> todo = new ArrayDeque<>(roots);
		while (!todo.isEmpty()) {
			int pid = todo.pop();
			if (all.add(pid)) {
				todo.addAll(children.getOrDefault(pid, List.of()));
			}
		}
		return all;
	}

	/**
	 * CPU seconds used by the tree so far: each live process's own time plus the time of
	 * the children it has reaped. A child reaped by nobody (SIGCHLD ignored) is lost here,
	 * which is why a cgroup is preferred when there is one.
	 */
	static double cpuSeconds(Collection<Integer> roots) {
		long ticks = 0;
		for (int pid : tree(roots)) {
			Stat s = stat(pid);
			if (s != null) {
				ticks += s.utime() + s.stime() + s.cutime() + s.cstime();
			}
		}
		return ticks / (double) CLK_TCK;
	}

	/** Sum of VmRSS over the tree, KiB. */
	static long rssKb(Collection<Integer> roots) {
		long kb = 0;
		for (int pid : tree(roots)) {
			kb += field(Paths.get("/proc", Integer.toString(pid), "status"), "VmRSS:");
		}
		return kb;
	}

	/** Sum of Pss over the tree, KiB: shared pages are split between the processes sharing them. */
	static long pssKb(Collection<Integer> roots) {
		long kb = 0;
		for (int pid : tree(roots)) {
			kb += field(Paths.get("/proc", Integer.toString(pid), "smaps_rollup"), "Pss:");
		}
		return kb;
	}

	/**
	 * Context switches (voluntary and not) of every thread of the tree so far. Threads and
	 * processes that have exited are not counted, so for fork-per-connection proxies this
	 * is a lower bound.
	 */
	static long contextSwitches(Collection<Integer> roots) {
		long n = 0;
		for (int pid : tree(roots)) {
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc", Integer.toString(pid), "task"))) {
				for (Path task : tasks) {
					n += field(task.resolve("status"), "voluntary_ctxt_switches:");
					n += field(task.resolve("status"), "nonvoluntary_ctxt_switches:");
				}
			}
			catch (IOException | RuntimeException ignored) {
				// gone
			}
		}
		return n;
	}

	/** Threads of one process (for the report on where a proxy spends its time). */
	static long threads(int pid) {
		return field(Paths.get("/proc", Integer.toString(pid), "status"), "Threads:");
	}

	private static long field(Path file, String name) {
		String text = read(file);
		if (text == null) {
			return 0;
		}
		for (String line : text.split("\n")) {
			if (line.startsWith(name)) {
				String[] parts = line.substring(name.length()).trim().split("\\s+");
				try {
					return Long.parseLong(parts[0]);
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 0;
	}

	static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}
}
