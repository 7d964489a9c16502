package io.portsplit.session;

import java.nio.channels.SocketChannel;

/** The client's socket as the session sees it, whoever reads its first bytes. */
public interface ClientSocket {

	/**
	 * Takes the socket away from what reads the first bytes, for an action to own: that
	 * reader stops at once without closing it.
	 */
	SocketChannel handOff();

	/** Closes it, whoever owns it by now; idempotent. Ending the session closes the socket this way. */
	void close();
}
