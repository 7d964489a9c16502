package io.portsplit.jvm;

import java.nio.file.Path;

/**
 * The lock that says a cache entry is in use, so that evicting old entries never deletes
 * the jars of a running daemon (the JVM opens the jars of a class path as it first needs
 * them, long after start). A daemon holds a shared {@code flock} on the entry's
 * {@code in-use} file for its whole life; eviction deletes an entry only while it holds
 * the exclusive lock. {@code flock}, through libc, rather than {@code FileChannel.lock}:
 * the switch takes the lock before it replaces its JVM, and only a descriptor it opened
 * itself, without close-on-exec, stays open, and locked, across execve into the daemon's
 * JVM, which never learns of it. The kernel drops the lock when the process ends, however
 * it ends.
 */
final class EntryLease implements StartCache.Lease {

	private final NativeCalls libc;

	private int descriptor = -1;

	EntryLease(NativeCalls libc) {
		this.libc = libc;
	}

	/** Shared: for the rest of this process and of the JVM it execs into. False if the entry is being deleted or has no such file. */
	@Override
	public boolean hold(Path file) {
		return lock(file, NativeCalls.LOCK_SH);
	}

	/** Exclusive, until {@link #release()}: true only if no process uses the entry. */
	boolean holdAlone(Path file) {
		return lock(file, NativeCalls.LOCK_EX);
	}

	@Override
	public void release() {
		if (this.descriptor >= 0) {
			this.libc.close(this.descriptor);
			this.descriptor = -1;
		}
	}

	private boolean lock(Path file, int operation) {
		release();
		int fd = this.libc.openToRead(file.toString());
		if (fd < 0) {
			return false;
		}
		if (this.libc.flock(fd, operation | NativeCalls.LOCK_NB) != 0) {
			this.libc.close(fd);
			return false;
		}
		this.descriptor = fd;
		return true;
	}
}
