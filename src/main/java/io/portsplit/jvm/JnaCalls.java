package io.portsplit.jvm;

import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/** {@link NativeCalls} through JNA's binding of libc ({@link LibC}). */
final class JnaCalls implements NativeCalls {

	private static final int SIG_SETMASK = 2;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private static final int CLOSE_RANGE_CLOEXEC = 4;

	private static final int O_RDONLY = 0;

	private final LibC libc;

	private JnaCalls(LibC libc) {
		this.libc = libc;
	}

	/** @throws LinkageError if JNA or libc cannot be loaded */
	static NativeCalls load() {
		DaemonJvm.defaultLibraryPath();
		return new JnaCalls(LibC.load());
	}

	@Override
	public boolean closeOnExecFrom(int lowest) {
		try {
			return this.libc.close_range(lowest, -1, CLOSE_RANGE_CLOEXEC) == 0;
		}
		catch (UnsatisfiedLinkError ex) {
			return false; // a libc without it
		}
	}

	@Override
	public void closeOnExec(int fd) {
		this.libc.fcntl(fd, F_SETFD, FD_CLOEXEC);
	}

	@Override
	public void unblockSignals() {
		Memory empty = new Memory(128);
		empty.clear();
		this.libc.sigprocmask(SIG_SETMASK, empty, null);
	}

	@Override
	public int openToRead(String path) {
		return this.libc.open(path, O_RDONLY);
	}

	@Override
	public int flock(int fd, int operation) {
		return this.libc.flock(fd, operation);
	}

	@Override
	public void close(int fd) {
		this.libc.close(fd);
	}

	@Override
	public String execv(List<String> command) {
		this.libc.execv(command.get(0), command.toArray(new String[0]));
		return "execv ".concat(command.get(0)).concat(": errno ").concat(Integer.toString(Native.getLastError()));
	}
}
