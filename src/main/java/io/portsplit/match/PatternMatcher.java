package io.portsplit.match;

import java.util.List;

import io.portsplit.config.BytePattern;
import io.portsplit.config.ServiceSpec;

/**
 * Decides, from the first bytes of a connection, which service (if any) they belong to.
 * Independent of sockets: it sees only a byte array and how much of it is filled, so a
 * decision depends on the bytes and never on how they were split into reads.
 */
public final class PatternMatcher {

	private final List<ServiceSpec> services;

	private final int longestPattern;

	public PatternMatcher(List<ServiceSpec> services) {
		this.services = List.copyOf(services);
		this.longestPattern = this.services.stream()
			.flatMap(s -> s.patterns().stream())
			.mapToInt(BytePattern::length)
			.max()
			.orElse(0);
	}

	/**
	 * The most bytes worth holding before a decision: once this many have arrived,
	 * every pattern has either matched or been ruled out. At least 1, so that a
	 * configuration without patterns still reads one byte before its fallback.
	 */
	public int decisiveLength() {
		return Math.max(1, this.longestPattern);
	}

	public List<ServiceSpec> services() {
		return this.services;
	}

	public PatternVerdict evaluate(byte[] data, int length) {
		boolean possible = false;
		for (ServiceSpec service : this.services) {
			for (BytePattern pattern : service.patterns()) {
				switch (PatternComparison.compare(pattern, data, length)) {
					case MATCHES -> {
						return new PatternVerdict.Matched(service, pattern);
					}
					case STILL_POSSIBLE -> possible = true;
					case RULED_OUT -> {
					}
				}
			}
		}
		return possible ? PatternVerdict.NEED_MORE : PatternVerdict.NO_MATCH_POSSIBLE;
	}
}
