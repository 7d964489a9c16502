package io.portsplit.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds patterns that can never decide a connection (SPEC 3.2). Services are tried in file
 * order, and a decision is taken as soon as one pattern is a prefix of the data, so a pattern
 * that starts with a pattern of an earlier service can never win; one that starts with an
 * earlier pattern of its own service is merely redundant.
 */
final class ShadowedPatternCheck {

	private ShadowedPatternCheck() {
	}

	/** Warnings for {@code services} (ordinary ones, in file order), in file order. */
	static List<ConfigWarning> warnings(List<ServiceSpec> services) {
		List<ConfigWarning> warnings = new ArrayList<>();
		for (int s = 0; s < services.size(); s++) {
			ServiceSpec service = services.get(s);
			List<BytePattern> patterns = service.patterns();
			for (int p = 0; p < patterns.size(); p++) {
				BytePattern pattern = patterns.get(p);
				ConfigWarning warning = shadowedByEarlierService(pattern, services.subList(0, s));
				if (warning == null) {
					warning = redundant(pattern, service, patterns.subList(0, p));
				}
				if (warning != null) {
					warnings.add(warning);
				}
			}
		}
		return warnings;
	}

	private static ConfigWarning shadowedByEarlierService(BytePattern pattern, List<ServiceSpec> earlier) {
		for (ServiceSpec other : earlier) {
			for (BytePattern prefix : other.patterns()) {
				if (startsWith(pattern, prefix)) {
					return new ConfigWarning(pattern.line(),
							"pattern '" + pattern.escaped() + "' on line " + pattern.line()
									+ " can never match: service [" + other.name() + "] on line " + prefix.line()
									+ " already matches its prefix '" + prefix.escaped() + "'");
				}
			}
		}
		return null;
	}

	private static ConfigWarning redundant(BytePattern pattern, ServiceSpec service, List<BytePattern> earlier) {
		for (BytePattern prefix : earlier) {
			if (startsWith(pattern, prefix)) {
				return new ConfigWarning(pattern.line(),
						"pattern '" + pattern.escaped() + "' on line " + pattern.line() + " is redundant: pattern '"
								+ prefix.escaped() + "' on line " + prefix.line() + " of the same service ["
								+ service.name() + "] already matches its prefix");
			}
		}
		return null;
	}

	private static boolean startsWith(BytePattern pattern, BytePattern prefix) {
		if (prefix.length() > pattern.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (pattern.byteAt(i) != prefix.byteAt(i)) {
				return false;
			}
		}
		return true;
	}
}
