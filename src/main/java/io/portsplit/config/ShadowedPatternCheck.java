package io.portsplit.config;

import java.util.ArrayList;
import java.util.List;

import io.portsplit.match.Condition;
import io.portsplit.match.StringCondition;

/**
 * Finds {@code string} patterns that can never decide a connection. Services are tried in
 * file order, and a decision is taken as soon as one service's conditions hold, so a
 * pattern that starts with a pattern of an earlier service whose only conditions are
 * first-bytes ones can never win; one that starts with an earlier pattern of its own
 * service is merely redundant.
 */
final class ShadowedPatternCheck {

	private ShadowedPatternCheck() {
	}

	/** Warnings for {@code services} (ordinary ones, in file order), in file order. */
	static List<ConfigWarning> warnings(List<ServiceSpec> services) {
		List<ConfigWarning> warnings = new ArrayList<>();
		for (int s = 0; s < services.size(); s++) {
			ServiceSpec service = services.get(s);
			List<StringCondition> patterns = strings(service);
			for (int p = 0; p < patterns.size(); p++) {
				StringCondition pattern = patterns.get(p);
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

	private static ConfigWarning shadowedByEarlierService(StringCondition pattern, List<ServiceSpec> earlier) {
		for (ServiceSpec other : earlier) {
			if (!onlyFirstBytes(other)) {
				// It also needs something else of the client, so it does not take every client its pattern takes.
				continue;
			}
			for (StringCondition prefix : strings(other)) {
				if (pattern.startsWith(prefix)) {
					return new ConfigWarning(pattern.line(),
							"pattern '" + pattern.value() + "' on line " + pattern.line()
									+ " can never match: service [" + other.name() + "] on line " + prefix.line()
									+ " already matches its prefix '" + prefix.value() + "'");
				}
			}
		}
		return null;
	}

	private static ConfigWarning redundant(StringCondition pattern, ServiceSpec service, List<StringCondition> earlier) {
		for (StringCondition prefix : earlier) {
			if (pattern.startsWith(prefix)) {
				return new ConfigWarning(pattern.line(),
						"pattern '" + pattern.value() + "' on line " + pattern.line() + " is redundant: pattern '"
								+ prefix.value() + "' on line " + prefix.line() + " of the same service ["
								+ service.name() + "] already matches its prefix");
			}
		}
		return null;
	}

	private static boolean onlyFirstBytes(ServiceSpec service) {
		return service.conditions().stream().allMatch(condition -> condition.kind() == Condition.Kind.FIRST_BYTES);
	}

	private static List<StringCondition> strings(ServiceSpec service) {
		List<StringCondition> strings = new ArrayList<>();
		for (Condition condition : service.conditions()) {
			if (condition instanceof StringCondition string) {
				strings.add(string);
			}
		}
		return strings;
	}
}
