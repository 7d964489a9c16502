package io.portsplit.jvm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc functions the switch and the cache need, through JNA. */
public interface LibC extends Library {

	int O_RDONLY = 0;

	int LOCK_SH = 1;

	int LOCK_EX = 2;

	int LOCK_NB = 4;

	int execv(String path, String[] argv);

	int fcntl(int fd, int command, int argument);

	int sigprocmask(int how, Pointer set, Pointer old);

	int open(String path, int flags);

	int flock(int fd, int operation);

	int close(int fd);

	/** libc by its file name, which needs no library search (and so no {@code ldconfig -p}). */
	static LibC load() {
		return Native.load("libc.so.6", LibC.class);
	}
}
