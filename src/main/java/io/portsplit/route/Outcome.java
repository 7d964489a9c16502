package io.portsplit.route;

import java.util.Locale;

/** How a connection was decided; also the {@code outcome} tag of the decision metrics. */
public enum Outcome {

	/** A pattern matched. */
	MATCH,

	/** The bytes can no longer match any pattern (or ended while they still could). */
	FALLBACK,

	/** {@code timeout} expired first. */
	TIMEOUT,

	/** The client closed without sending anything. */
	EOF;

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
