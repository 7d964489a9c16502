package io.portsplit.relay;

import java.io.IOException;

/** Told, on the relay thread, how one relayed connection goes: its backend connect, then its end. */
public interface RelayListener {

	/** The backend accepted; relaying starts now. */
	void connected(long nanos);

	/**
	 * The backend could not be reached (refused, unreachable, or no answer before the
	 * deadline). Both sockets are already closed; {@link #relayEnded} is not called.
	 */
	void connectFailed(long nanos, IOException failure);

	/**
	 * Both sockets are closed, once relaying ended.
	 * @param fromClient bytes read from the client (the first bytes included)
	 * @param toClient bytes written to the client
	 * @param reason why it ended, for the log
	 */
	void relayEnded(long fromClient, long toClient, String reason);
}
