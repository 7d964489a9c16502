package io.portsplit.config;

import java.util.List;

/**
 * One {@code [name]} section. Ordinary services have at least one pattern;
 * {@code [fallback]} and {@code [timeout]} have none.
 */
public record ServiceSpec(String name, int line, List<BytePattern> patterns, ActionSpec action) {

	public static final String FALLBACK = "fallback";

	public static final String TIMEOUT = "timeout";

	public ServiceSpec {
		patterns = List.copyOf(patterns);
	}
}
