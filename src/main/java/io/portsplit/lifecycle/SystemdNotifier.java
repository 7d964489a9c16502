package io.portsplit.lifecycle;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells systemd where the daemon is, for a unit with {@code Type=notify}: {@code READY=1}
 * once its start is over, {@code RELOADING=1} and {@code READY=1} around a reload (with
 * {@code STATUS} saying whether it failed), {@code STOPPING=1} when it stops. Only where
 * systemd asks for it ({@code NOTIFY_SOCKET} is set), through libsystemd's own
 * {@code sd_notify} (the maintained implementation of the protocol: the socket's address
 * forms, its credentials, what a datagram may hold), loaded with the JNA portsplit already has.
 */
final class SystemdNotifier {

	private static final Log logger = LogFactory.getLog(SystemdNotifier.class);

	private final Systemd systemd;

	private SystemdNotifier(Systemd systemd) {
		this.systemd = systemd;
	}

	/** A notifier for this process: a silent one where systemd did not ask, or libsystemd is missing. */
	static SystemdNotifier fromEnvironment() {
		String socket = System.getenv("NOTIFY_SOCKET");
		if (socket == null || socket.isEmpty()) {
			return new SystemdNotifier(null);
		}
		try {
			return new SystemdNotifier(Native.load("libsystemd.so.0", Systemd.class));
		}
		catch (LinkageError ex) {
			logger.warn("NOTIFY_SOCKET is set but libsystemd.so.0 cannot be loaded, so systemd is not told when"
					+ " portsplit is ready: " + ex.getMessage());
			return new SystemdNotifier(null);
		}
	}

	/**
	 * @param problem what {@code systemctl status} shows beside "serving" (a reload that failed),
	 * or null
	 */
	void ready(String problem) {
		send("READY=1\nSTATUS=serving" + ((problem != null) ? "; " + problem.replace('\n', ' ') : ""));
	}

	/** {@code MONOTONIC_USEC} is when the reload began, on the clock systemd reads: CLOCK_MONOTONIC, as nanoTime is. */
	void reloading() {
		send("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC=" + (System.nanoTime() / 1000));
	}

	void stopping() {
		send("STOPPING=1\nSTATUS=stopping");
	}

	private void send(String state) {
		if (this.systemd == null) {
			return;
		}
		int result = this.systemd.sd_notify(0, state);
		if (result < 0) {
			logger.warn("sd_notify failed (" + result + "): systemd was not told '" + state.replace('\n', ' ') + "'");
		}
	}

	/** The one libsystemd function needed. */
	public interface Systemd extends Library {

		int sd_notify(int unsetEnvironment, String state);
	}
}
