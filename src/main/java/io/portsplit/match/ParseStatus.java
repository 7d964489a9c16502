package io.portsplit.match;

/**
 * How far an incremental parser of the first bytes has got. {@link #COMPLETE} and
 * {@link #INVALID} are final: no later byte changes them, so a decision taken on them does
 * not depend on how the bytes were split into reads.
 */
enum ParseStatus {

	/** Not decided: more bytes are needed to tell. */
	INCOMPLETE,

	/** The bytes so far hold the whole message, valid; whatever follows is not read. */
	COMPLETE,

	/** The bytes are not such a message, are malformed, or did not complete within the bound. */
	INVALID
}
