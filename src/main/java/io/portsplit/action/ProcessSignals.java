package io.portsplit.action;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends POSIX signals to exec children. The JDK can only send SIGTERM and SIGKILL
 * ({@code destroy}, {@code destroyForcibly}); portsplit sends SIGHUP first, as a
 * terminal hang-up would. JNA, already present for pty4j, reaches {@code kill(2)};
 * where it cannot load, {@code kill(1)} does the same job.
 */
final class ProcessSignals {

	static final int SIGHUP = 1;

	static final int SIGKILL = 9;

	private static final Log logger = LogFactory.getLog(ProcessSignals.class);

	private static final CLibrary LIBC = load();

	private ProcessSignals() {
	}

	static void send(long pid, int signal) {
		if (LIBC != null) {
			LIBC.kill((int) pid, signal);
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
			kill.waitFor(2, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			logger.warn("cannot signal process " + pid + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static CLibrary load() {
		try {
			return Native.load("c", CLibrary.class);
		}
		catch (LinkageError ex) {
			logger.warn("JNA unavailable, signals go through kill(1): " + ex.getMessage());
			return null;
		}
	}

	/** The one libc function needed. */
	public interface CLibrary extends Library {

		int kill(int pid, int signal);
	}
}
