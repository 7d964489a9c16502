package io.portsplit.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.lifecycle.DaemonStatus;
import io.portsplit.listen.ListenerRegistry;

/**
 * The {@code portsplit} health component: UP while every bind of the running
 * configuration is listening, DOWN naming the binds that are not, with each bind's state
 * as a detail. It is part of the readiness group, so a balancer stops sending clients to
 * an instance that lost a listener.
 */
final class BindsHealthIndicator implements HealthIndicator {

	static final String LISTENING = "listening";

	static final String NOT_LISTENING = "not listening";

	private final Supplier<PortsplitConfig> config;

	private final ListenerRegistry listeners;

	private final Admission admission;

	private final DaemonStatus status;

	BindsHealthIndicator(Supplier<PortsplitConfig> config, ListenerRegistry listeners, Admission admission,
			DaemonStatus status) {
		this.status = status;
		this.config = config;
		this.listeners = listeners;
		this.admission = admission;
	}

	@Override
	public Health health() {
		Map<BindAddress, Boolean> states = this.listeners.states();
		Map<String, String> binds = new LinkedHashMap<>();
		List<String> failing = new ArrayList<>();
		for (BindAddress bind : this.config.get().binds()) {
			boolean listening = states.getOrDefault(bind, false);
			binds.put(bind.toString(), listening ? LISTENING : NOT_LISTENING);
			if (!listening) {
				failing.add(bind.toString());
			}
		}
		Health.Builder health = failing.isEmpty() ? Health.up() : Health.down().withDetail("failing", failing);
		return health.withDetail("state", this.status.state().toString())
			.withDetail("binds", binds)
			.withDetail("openConnections", this.admission.open())
			.withDetail("maxconn", this.admission.maxconn())
			.build();
	}
}
