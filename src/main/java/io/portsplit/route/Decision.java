package io.portsplit.route;

import java.util.Optional;

import io.portsplit.config.BytePattern;
import io.portsplit.config.ServiceSpec;

/**
 * The routing decision for one connection.
 *
 * @param outcome how it was reached
 * @param service the chosen service; empty means the connection is closed
 * @param pattern the pattern that matched, for {@link Outcome#MATCH} only
 */
public record Decision(Outcome outcome, Optional<ServiceSpec> service, Optional<BytePattern> pattern) {

	static Decision matched(ServiceSpec service, BytePattern pattern) {
		return new Decision(Outcome.MATCH, Optional.of(service), Optional.of(pattern));
	}

	static Decision special(Outcome outcome, Optional<ServiceSpec> service) {
		return new Decision(outcome, service, Optional.empty());
	}

	/** Service name for logs and metric tags; {@code -} when the connection is closed. */
	public String serviceName() {
		return this.service.map(ServiceSpec::name).orElse("-");
	}

	/** What decided it, as logged: the matched pattern with the file's escapes, or the outcome. */
	public String reason() {
		return this.pattern.map(p -> "pattern '" + p.escaped() + "'").orElse(this.outcome.label());
	}
}
