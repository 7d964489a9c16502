package io.portsplit.jvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.jna.Memory;

/**
 * What the JVM switch does, in a JVM of its own ({@link NativeCallsTest} starts it): through
 * JNA, marks the descriptor of OTHER close-on-exec ({@code
 * all}: as the switch does, every descriptor from 3 up in one call where it can, after saying
 * whether it can; {@code walk}: as the switch does where that call fails, one call per
 * descriptor of {@code /proc/self/fd}), takes the shared
 * in-use lock on LOCK, empties the signal mask (SIGHUP blocked before) and execs {@code cat},
 * which shows what the new program got: its pid and blocked signals
 * ({@code /proc/self/status}), the lock's descriptor with its lock, and no descriptor
 * OTHER had ({@code /proc/self/fdinfo}).
 */
public final class NativeCallsProbe {

	private static final int SIG_BLOCK = 0;

	private NativeCallsProbe() {
	}

	/** {@code all|walk LOCK OTHER} */
	public static void main(String[] args) throws IOException {
		NativeCalls calls = NativeCalls.load();
		System.out.println("java pid " + ProcessHandle.current().pid());
		// SIGHUP blocked first, as a JVM may have it in the switching thread
		Memory hangup = new Memory(128);
		hangup.clear();
		hangup.setByte(0, (byte) 1);
		LibC.load().sigprocmask(SIG_BLOCK, hangup, null);
		RandomAccessFile other = new RandomAccessFile(args[2], "r"); // open until the execve
		int otherFd = descriptorOf(Path.of(args[2]));
		if (args[0].equals("all")) {
			System.out.println("marked in one call " + calls.closeOnExecFrom(3));
			DaemonJvm.closeOnExec(calls);
		}
		else {
			DaemonJvm.closeEachOnExec(calls);
		}
		EntryLease lease = new EntryLease(calls);
		System.out.println("shared lock " + lease.hold(Path.of(args[1])));
		calls.unblockSignals();
		int lockFd = descriptorOf(Path.of(args[1]));
		System.out.flush();
		// Not a shell, which would set its own signal mask: cat shows the process as execve left it.
		String failure = calls.execv(List.of("/bin/cat", "/proc/self/status", "/proc/self/fdinfo/" + lockFd,
				"/proc/self/fdinfo/" + otherFd));
		System.out.println("not replaced: " + failure);
		System.exit(4);
	}

	private static int descriptorOf(Path file) throws IOException {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
			for (Path descriptor : descriptors) {
				try {
					if (Files.readSymbolicLink(descriptor).equals(file.toAbsolutePath())) {
						return Integer.parseInt(descriptor.getFileName().toString());
					}
				}
				catch (IOException ex) {
					// the directory stream's own descriptor, gone by now
				}
			}
		}
		throw new IOException("no descriptor for " + file);
	}
}
