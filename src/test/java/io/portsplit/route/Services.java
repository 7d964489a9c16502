package io.portsplit.route;

import java.util.List;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.HostPort;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.Condition;
import io.portsplit.match.Conditions;

/** Builds services for routing tests without a file. */
public final class Services {

	private static int line = 1000;

	private Services() {
	}

	/** A {@code connect} service with these {@code string} patterns. */
	public static ServiceSpec service(String name, String... patterns) {
		return service(name, Conditions.strings(patterns));
	}

	public static ServiceSpec service(String name, List<? extends Condition> conditions) {
		return new ServiceSpec(name, line++, List.copyOf(conditions), new ActionSpec.Connect(new HostPort("127.0.0.1", 1)));
	}
}
