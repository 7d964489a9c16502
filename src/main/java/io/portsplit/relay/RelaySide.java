package io.portsplit.relay;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One of the two sockets of a {@link RelayPair}; the attachment of its selection key. */
final class RelaySide {

	final RelayPair pair;

	final SocketChannel channel;

	SelectionKey key;

	private int interest = -1;

	RelaySide(RelayPair pair, SocketChannel channel) {
		this.pair = pair;
		this.channel = channel;
	}

	/**
	 * Skips the call (and its lock) when nothing changed, which is the common case.
	 * @return whether the interest changed
	 */
	boolean setInterest(int ops) {
		if (ops == this.interest) {
			return false;
		}
		this.key.interestOps(ops);
		this.interest = ops;
		return true;
	}

	/** With no interest the selector drops the socket from epoll: not even a reset is reported. */
	boolean unwatched() {
		return this.interest == 0;
	}
}
