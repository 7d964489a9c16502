package io.portsplit.jvm;

import java.util.List;

/**
 * The few libc calls the JVM switch and the cache's in-use lock make. Two ways to make
 * them: JNA ({@link JnaCalls}), on every JDK, from the daemon's class path; and the JDK's
 * own foreign function API ({@link ForeignCalls}, JDK 22 and later), which the first
 * stage uses because it needs nothing from the nested jars.
 */
interface NativeCalls {

	int O_RDONLY = 0;

	int LOCK_SH = 1;

	int LOCK_EX = 2;

	int LOCK_NB = 4;

	/** Marks {@code fd} close-on-exec. */
	void closeOnExec(int fd);

	/** Empties the calling thread's signal mask, which execve would hand on to the new program. */
	void unblockSignals();

	/** A descriptor without close-on-exec, or -1. */
	int open(String path, int flags);

	/** Zero on success. */
	int flock(int fd, int operation);

	void close(int fd);

	/** Returns only on failure, with the reason. */
	String execv(List<String> command);
}
