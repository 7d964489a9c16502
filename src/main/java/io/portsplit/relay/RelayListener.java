package io.portsplit.relay;

/** Told once, on the relay thread, when a relayed pair of sockets is closed. */
@FunctionalInterface
public interface RelayListener {

	/**
	 * @param fromClient bytes read from the client (the replayed first bytes included)
	 * @param toClient bytes written to the client
	 * @param reason why it ended, for the log
	 */
	void relayEnded(long fromClient, long toClient, String reason);
}
