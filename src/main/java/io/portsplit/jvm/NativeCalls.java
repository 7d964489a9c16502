package io.portsplit.jvm;

import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/** The few libc calls the JVM switch and the cache's in-use lock make, through JNA's binding of libc ({@link LibC}). */
final class NativeCalls {

	static final int LOCK_SH = 1;

	static final int LOCK_EX = 2;

	static final int LOCK_NB = 4;

	private static final int SIG_SETMASK = 2;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private static final int CLOSE_RANGE_CLOEXEC = 4;

	private static final int O_RDONLY = 0;

	private final LibC libc;

	private NativeCalls(LibC libc) {
		this.libc = libc;
	}

	/** @throws LinkageError if JNA or libc cannot be loaded */
	static NativeCalls load() {
		DaemonJvm.defaultLibraryPath();
		return new NativeCalls(LibC.load());
	}

	/**
	 * Marks every descriptor from {@code lowest} up close-on-exec, in one call
	 * ({@code close_range}); false where that call fails or is missing (Linux before 5.11
	 * refuses its close-on-exec flag, glibc before 2.34 lacks it, a sandbox may forbid it),
	 * and the caller marks them one by one.
	 */
	boolean closeOnExecFrom(int lowest) {
		try {
			return this.libc.close_range(lowest, -1, CLOSE_RANGE_CLOEXEC) == 0;
		}
		catch (UnsatisfiedLinkError ex) {
			return false; // a libc without it
		}
	}

	/** Marks {@code fd} close-on-exec. */
	void closeOnExec(int fd) {
		this.libc.fcntl(fd, F_SETFD, FD_CLOEXEC);
	}

	/** Empties the calling thread's signal mask, which execve would hand on to the new program. */
	void unblockSignals() {
		Memory empty = new Memory(128);
		empty.clear();
		this.libc.sigprocmask(SIG_SETMASK, empty, null);
	}

	/** A descriptor open for reading, without close-on-exec, or -1. */
	int openToRead(String path) {
		return this.libc.open(path, O_RDONLY);
	}

	/** Zero on success. */
	int flock(int fd, int operation) {
		return this.libc.flock(fd, operation);
	}

	void close(int fd) {
		this.libc.close(fd);
	}

	/** Returns only on failure, with the reason. */
	String execv(List<String> command) {
		this.libc.execv(command.get(0), command.toArray(new String[0]));
		return "execv ".concat(command.get(0)).concat(": errno ").concat(Integer.toString(Native.getLastError()));
	}
}
