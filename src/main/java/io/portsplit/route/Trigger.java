package io.portsplit.route;

/**
 * Why the routing table is asked for a decision: what one read of an undecided client
 * gave. It is also the payload of the Spring Integration message each read produces.
 */
public enum Trigger {

	/** New bytes arrived. */
	DATA,

	/** The client closed its sending side: no more bytes can come. */
	END_OF_STREAM,

	/** {@code timeout} expired before a decision. */
	DEADLINE
}
