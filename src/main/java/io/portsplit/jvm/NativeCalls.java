package io.portsplit.jvm;

import java.util.List;

/**
 * The few libc calls the JVM switch and the cache's in-use lock make. Two ways to make
 * them: JNA ({@link JnaCalls}), on every JDK, from the daemon's class path; and the JDK's
 * own foreign function API ({@link ForeignCalls}, JDK 22 and later), which the first
 * stage uses because it needs nothing from the nested jars.
 */
interface NativeCalls {

	int LOCK_SH = 1;

	int LOCK_EX = 2;

	int LOCK_NB = 4;

	/**
	 * Marks every descriptor from {@code lowest} up close-on-exec, in one call
	 * ({@code close_range}); false where that call fails or is missing (Linux before 5.11
	 * refuses its close-on-exec flag, glibc before 2.34 lacks it, a sandbox may forbid it),
	 * and the caller marks them one by one.
	 */
	boolean closeOnExecFrom(int lowest);

	/** Marks {@code fd} close-on-exec. */
	void closeOnExec(int fd);

	/** Empties the calling thread's signal mask, which execve would hand on to the new program. */
	void unblockSignals();

	/** A descriptor open for reading, without close-on-exec, or -1. */
	int openToRead(String path);

	/** Zero on success. */
	int flock(int fd, int operation);

	void close(int fd);

	/** Returns only on failure, with the reason. */
	String execv(List<String> command);
}
