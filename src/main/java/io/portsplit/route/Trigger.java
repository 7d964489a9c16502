package io.portsplit.route;

/** Why the routing table is being asked for a decision. */
public enum Trigger {

	/** New bytes arrived. */
	DATA,

	/** The client closed its sending side: no more bytes can come (SPEC 4, rule 4). */
	END_OF_STREAM,

	/** {@code timeout} expired (SPEC 4, rule 3). */
	DEADLINE
}
