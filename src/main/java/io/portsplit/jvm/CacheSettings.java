package io.portsplit.jvm;

import java.util.Locale;
import java.util.Map;

/**
 * Whether the start-up cache is on: {@code PORTSPLIT_CACHE=off} in the environment, or
 * {@code -Dportsplit.cache=off}, turns off both its use and its training, for an operator
 * who wants every start to be the same start, or a read-only machine. On by default: a
 * cache that cannot be used costs a start nothing (see {@link StartCache}).
 */
final class CacheSettings {

	static final String VARIABLE = "PORTSPLIT_CACHE";

	static final String PROPERTY = "portsplit.cache";

	private CacheSettings() {
	}

	static boolean enabled(Map<String, String> environment, String property) {
		return !isOff(environment.get(VARIABLE)) && !isOff(property);
	}

	/** The environment and this JVM's own property. */
	static boolean enabled() {
		return enabled(System.getenv(), System.getProperty(PROPERTY));
	}

	private static boolean isOff(String value) {
		return value != null && value.trim().toLowerCase(Locale.ROOT).equals("off");
	}
}
