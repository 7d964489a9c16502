package io.portsplit.route;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.FirstBytes;
import io.portsplit.match.ServiceMatcher;

/**
 * One generation of the routing rules. Each connection keeps the table that was current
 * when it was accepted, so a reload never changes the rules under a client mid-match.
 */
public final class RoutingTable {

	private final PortsplitConfig config;

	private final ServiceMatcher matcher;

	/** Whether any ordinary service has an access rule: without one, a client costs no check per service. */
	private final boolean servicesHaveAccessRules;

	public RoutingTable(PortsplitConfig config) {
		this.config = config;
		this.matcher = new ServiceMatcher(config.services().stream().map(ServiceSpec::conditions).toList());
		this.servicesHaveAccessRules = config.services().stream().anyMatch(s -> !s.policy().access().isEmpty());
	}

	public PortsplitConfig config() {
		return this.config;
	}

	public ServiceMatcher matcher() {
		return this.matcher;
	}

	public Duration timeout() {
		return this.config.timeout();
	}

	/** Fresh state for the first bytes of a connection accepted now. */
	public FirstBytes firstBytes() {
		return this.matcher.firstBytes();
	}

	/**
	 * Rules out, for this client, the services whose {@code allow}/{@code deny} refuse it:
	 * it skips them as if they did not match.
	 */
	public void excludeRefused(FirstBytes bytes, InetAddress client) {
		if (!this.servicesHaveAccessRules) {
			return;
		}
		List<ServiceSpec> services = this.config.services();
		for (int s = 0; s < services.size(); s++) {
			if (!services.get(s).policy().access().permits(client)) {
				this.matcher.exclude(s, bytes);
			}
		}
	}

	/** {@link #decide(FirstBytes, Trigger, InetAddress)} for a client that no access rule concerns. */
	public Optional<Decision> decide(FirstBytes bytes, Trigger trigger) {
		return decide(bytes, trigger, null);
	}

	/**
	 * The rules of the README's "Matching", applied to the bytes received so far: the first
	 * service whose conditions hold; {@code [fallback]} once none can, or once the client
	 * has ended its side with bytes sent; {@code [timeout]} at the deadline. A special
	 * service whose access rules refuse {@code client} counts as absent.
	 * @param client who the client is, for the special services' access rules; null to skip them
	 * @return the decision, or empty while the client should be given more time
	 */
	public Optional<Decision> decide(FirstBytes bytes, Trigger trigger, InetAddress client) {
		if (trigger == Trigger.DEADLINE) {
			return Optional.of(Decision.special(Outcome.TIMEOUT, special(this.config.timeoutService(), client)));
		}
		if (trigger == Trigger.END_OF_STREAM) {
			if (bytes.length() == 0) {
				return Optional.of(Decision.special(Outcome.EOF, Optional.empty()));
			}
			bytes.end();
		}
		int chosen = this.matcher.evaluate(bytes);
		if (chosen >= 0) {
			return Optional.of(Decision.matched(this.config.services().get(chosen), this.matcher.matched(chosen, bytes)));
		}
		if (chosen == ServiceMatcher.NO_MATCH || trigger == Trigger.END_OF_STREAM) {
			return Optional.of(Decision.special(Outcome.FALLBACK, special(this.config.fallback(), client)));
		}
		return Optional.empty();
	}

	private static Optional<ServiceSpec> special(Optional<ServiceSpec> service, InetAddress client) {
		if (client == null || service.isEmpty() || service.get().policy().access().isEmpty()) {
			return service;
		}
		return service.get().policy().access().permits(client) ? service : Optional.empty();
	}

	public Optional<ServiceSpec> service(String name) {
		return this.config.allServices().stream().filter(s -> s.name().equals(name)).findFirst();
	}

	/** The ordinary services, in the order they are tried. */
	public List<ServiceSpec> services() {
		return this.config.services();
	}
}
