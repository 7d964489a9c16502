package io.portsplit.config;

import java.util.List;

import io.portsplit.access.AccessList;
import io.portsplit.access.AddressRange;

/**
 * The global rules about clients: who may connect at all, whose PROXY header is trusted, and
 * how much one source may take.
 *
 * @param access the global {@code allow}/{@code deny}, checked at accept
 * @param acceptProxy the sources that must start with a PROXY header telling who the client is
 * @param maxconnPerSource most connections open at once from one source; 0 for no limit
 * @param ratePerSource most new connections per second from one source, in bursts of as many; 0 for no limit
 */
public record ClientRules(AccessList access, List<AddressRange> acceptProxy, int maxconnPerSource, int ratePerSource) {

	public static final ClientRules NONE = new ClientRules(AccessList.permitAll(), List.of(), 0, 0);

	public ClientRules {
		acceptProxy = List.copyOf(acceptProxy);
	}

	/** What {@code --check} shows of them; empty where there are none. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		if (!this.access.isEmpty()) {
			text.append(this.access.describe());
		}
		if (!this.acceptProxy.isEmpty()) {
			text.append((text.length() > 0) ? "; " : "").append("accept-proxy ")
				.append(String.join(", ", this.acceptProxy.stream().map(Object::toString).toList()));
		}
		if (this.maxconnPerSource > 0) {
			text.append((text.length() > 0) ? "; " : "").append("maxconn-per-source ").append(this.maxconnPerSource);
		}
		if (this.ratePerSource > 0) {
			text.append((text.length() > 0) ? "; " : "").append("rate-per-source ").append(this.ratePerSource);
		}
		return text.toString();
	}
}
