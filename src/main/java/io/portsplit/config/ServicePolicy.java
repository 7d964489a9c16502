package io.portsplit.config;

import java.time.Duration;

import io.portsplit.access.AccessList;

/**
 * Who a service takes and for how long.
 *
 * @param access its {@code allow}/{@code deny}: a client it refuses skips the service
 * @param maxconn most connections routed to it open at once; 0 for no limit of its own
 * @param idleTimeout how long both directions may be silent before the connection is closed; zero for never
 */
public record ServicePolicy(AccessList access, int maxconn, Duration idleTimeout) {

	public static final ServicePolicy NONE = new ServicePolicy(AccessList.permitAll(), 0, Duration.ZERO);

	/** What {@code --check} and the management endpoint show of it; empty when it has no rule of its own. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		if (!this.access.isEmpty()) {
			text.append(this.access.describe());
		}
		if (this.maxconn > 0) {
			text.append((text.length() > 0) ? "; " : "").append("maxconn ").append(this.maxconn);
		}
		if (!this.idleTimeout.isZero()) {
			text.append((text.length() > 0) ? "; " : "").append("idle-timeout ").append(this.idleTimeout.toSeconds())
				.append(" s");
		}
		return text.toString();
	}
}
