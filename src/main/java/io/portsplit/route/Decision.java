package io.portsplit.route;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.portsplit.config.ServiceSpec;
import io.portsplit.match.Condition;

/**
 * The routing decision for one connection.
 *
 * @param outcome how it was reached
 * @param service the chosen service; empty means the connection is closed
 * @param matched for {@link Outcome#MATCH}, the condition of each kind that held
 */
public record Decision(Outcome outcome, Optional<ServiceSpec> service, List<Condition> matched) {

	public Decision {
		matched = List.copyOf(matched);
	}

	static Decision matched(ServiceSpec service, List<Condition> matched) {
		return new Decision(Outcome.MATCH, Optional.of(service), matched);
	}

	static Decision special(Outcome outcome, Optional<ServiceSpec> service) {
		return new Decision(outcome, service, List.of());
	}

	/** Service name for logs and metric tags; {@code -} when the connection is closed. */
	public String serviceName() {
		return this.service.map(ServiceSpec::name).orElse("-");
	}

	/** What decided it, as logged: the conditions that held ({@code pattern 'GET\20'}), or the outcome. */
	public String reason() {
		return this.matched.isEmpty() ? this.outcome.label()
				: this.matched.stream().map(Condition::describe).collect(Collectors.joining(" + "));
	}
}
