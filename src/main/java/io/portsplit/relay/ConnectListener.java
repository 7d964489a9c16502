package io.portsplit.relay;

import java.io.IOException;

/** Told once, on the relay thread, how a backend connect started by {@link RelayEngine#connectAndRelay} went. */
public interface ConnectListener extends RelayListener {

	/** The backend accepted; relaying starts now. */
	void connected(long nanos);

	/**
	 * The backend could not be reached (refused, unreachable, or no answer before the
	 * deadline). Both sockets are already closed; {@link #relayEnded} is not called.
	 */
	void connectFailed(long nanos, IOException failure);
}
