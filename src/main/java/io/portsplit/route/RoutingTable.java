package io.portsplit.route;

import java.time.Duration;
import java.util.Optional;

import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.PatternMatcher;
import io.portsplit.match.PatternVerdict;

/**
 * One generation of the routing rules. Each connection keeps the table that was current
 * when it was accepted, so a reload never changes the rules under a client mid-match.
 */
public final class RoutingTable {

	private final PortsplitConfig config;

	private final PatternMatcher matcher;

	public RoutingTable(PortsplitConfig config) {
		this.config = config;
		this.matcher = new PatternMatcher(config.services());
	}

	public PortsplitConfig config() {
		return this.config;
	}

	public PatternMatcher matcher() {
		return this.matcher;
	}

	public Duration timeout() {
		return this.config.timeout();
	}

	/** Bytes worth reading before a decision; see {@link PatternMatcher#decisiveLength()}. */
	public int decisiveLength() {
		return this.matcher.decisiveLength();
	}

	/**
	 * Applies SPEC 4 to the bytes received so far.
	 * @return the decision, or empty while the client should be given more time
	 */
	public Optional<Decision> decide(byte[] data, int length, Trigger trigger) {
		if (trigger == Trigger.DEADLINE) {
			return Optional.of(Decision.special(Outcome.TIMEOUT, this.config.timeoutService()));
		}
		if (trigger == Trigger.END_OF_STREAM && length == 0) {
			return Optional.of(Decision.special(Outcome.EOF, Optional.empty()));
		}
		PatternVerdict verdict = this.matcher.evaluate(data, length);
		if (verdict instanceof PatternVerdict.Matched matched) {
			return Optional.of(Decision.matched(matched.service(), matched.pattern()));
		}
		if (verdict instanceof PatternVerdict.NoMatchPossible || trigger == Trigger.END_OF_STREAM) {
			return Optional.of(Decision.special(Outcome.FALLBACK, this.config.fallback()));
		}
		return Optional.empty();
	}

	public Optional<ServiceSpec> service(String name) {
		return this.config.allServices().stream().filter(s -> s.name().equals(name)).findFirst();
	}
}
