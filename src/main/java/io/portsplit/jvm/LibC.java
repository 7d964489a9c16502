package io.portsplit.jvm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc functions {@link NativeCalls} binds through JNA. */
interface LibC extends Library {

	int execv(String path, String[] argv);

	int fcntl(int fd, int command, int argument);

	/** {@code last} is an {@code unsigned int}: -1 is its highest value. */
	int close_range(int first, int last, int flags);

	int sigprocmask(int how, Pointer set, Pointer old);

	int open(String path, int flags);

	int flock(int fd, int operation);

	int close(int fd);

	/**
	 * libc by its file name, which needs no search of the library path; JNA still builds that
	 * path as it loads, so {@link NativeCalls#load()} sets it first.
	 */
	static LibC load() {
		return Native.load("libc.so.6", LibC.class);
	}
}
