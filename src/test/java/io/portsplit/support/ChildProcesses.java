package io.portsplit.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Processes that exec services start, seen by pid through {@code /proc}. Tests read a
 * program's pid from its own output and {@link #track} it; {@link #close()} (for
 * {@link PortsplitTestBase}, after each test) kills whatever is still running of those and of
 * this JVM's descendants, so a failing test leaves nothing behind.
 * <p>
 * A zombie counts as gone: it has exited, and whether it is reaped depends on the init
 * process of the machine, not on portsplit.
 */
public final class ChildProcesses implements AutoCloseable {

	private final List<ProcessHandle> tracked = new CopyOnWriteArrayList<>();

	/** Remembers {@code pid} for cleanup (by handle, so a reused pid is never killed). */
	public void track(long pid) {
		ProcessHandle.of(pid).ifPresent(this.tracked::add);
	}

	/** True while {@code pid} exists and has not exited (a zombie has). */
	public static boolean isRunning(long pid) {
		return state(pid).map(state -> state != 'Z' && state != 'X').orElse(false);
	}

	/** Fails unless {@code pid} is gone within {@code timeout}. */
	public static void awaitGone(long pid, Duration timeout) {
		try {
			Awaitility.await().atMost(timeout).pollInterval(Waits.POLL).until(() -> !isRunning(pid));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("process " + pid + " (" + commandLine(pid) + ") still running after " + timeout,
					ex);
		}
	}

	/** The state letter of {@code /proc/PID/stat} (R, S, Z, …), empty if there is no such process. */
	public static Optional<Character> state(long pid) {
		return stat(pid).map(fields -> fields.get(0).charAt(0));
	}

	/**
	 * The fields of {@code /proc/PID/stat} after the command name: state, ppid, pgrp,
	 * session, tty_nr, tpgid, … (proc(5) numbers them from 3).
	 */
	public static Optional<List<String>> stat(long pid) {
		try {
			String stat = procFile(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name is in parentheses and may itself hold spaces or parentheses.
			String rest = stat.substring(stat.lastIndexOf(')') + 1).trim();
			return Optional.of(List.of(rest.split(" ")));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			// ESRCH while reading: it just went away
			return Optional.empty();
		}
	}

	private static String commandLine(long pid) {
		try {
			return procFile(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/**
	 * The whole of a {@code /proc} file. Not {@code Files.readString}: it trusts the file
	 * size, which procfs reports as 0, and returns a truncated text.
	 */
	public static String procFile(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	/** Kills every tracked process and every descendant of this JVM still running, and waits for them. */
	@Override
	public void close() {
		kill(Stream.concat(this.tracked.stream(), ProcessHandle.current().descendants()).toList());
		this.tracked.clear();
	}

	/** Kills those of {@code processes} still running, and waits until each has exited (a zombie has). */
	public static void kill(List<ProcessHandle> processes) {
		List<ProcessHandle> running = processes.stream().filter(handle -> isRunning(handle.pid())).toList();
		running.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle handle : running) {
			awaitGone(handle.pid(), Waits.EFFECT);
		}
	}
}
