package io.portsplit.relay;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One of the two sockets of a {@link RelayPair}; the attachment of its selection key. */
final class Endpoint {

	final RelayPair pair;

	final SocketChannel channel;

	SelectionKey key;

	private int interest = -1;

	Endpoint(RelayPair pair, SocketChannel channel) {
		this.pair = pair;
		this.channel = channel;
	}

	/** Skips the call (and its lock) when nothing changed, which is the common case. */
	void setInterest(int ops) {
		if (ops != this.interest) {
			this.key.interestOps(ops);
			this.interest = ops;
		}
	}
}
