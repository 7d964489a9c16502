package io.portsplit.ops;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.portsplit.Reloader;
import io.portsplit.listen.ConnectionLimiter;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.route.ServiceRouter;

/**
 * The operations layer (SPEC 8): metrics as one more connection observer, the
 * {@code portsplit} health component and the {@code /actuator/portsplit} endpoint. The
 * management HTTP server itself is Spring Boot's, set up by {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

	/** Picked up by {@code ConnectionObservers} like any other observer. */
	@Bean
	@ConditionalOnProperty(name = "portsplit.metrics.enabled", matchIfMissing = true)
	PortsplitMetrics portsplitMetrics(MeterRegistry registry, ConnectionLimiter connectionLimiter) {
		return new PortsplitMetrics(registry, connectionLimiter);
	}

	@Bean
	BindsHealthIndicator portsplitHealthIndicator(Reloader reloader, ListenerRegistry listenerRegistry,
			ConnectionLimiter connectionLimiter) {
		return new BindsHealthIndicator(reloader::current, listenerRegistry, connectionLimiter);
	}

	@Bean
	PortsplitEndpoint portsplitEndpoint(Reloader reloader, ServiceRouter serviceRouter,
			ListenerRegistry listenerRegistry, ConnectionLimiter connectionLimiter,
			ObjectProvider<PortsplitMetrics> metrics) {
		return new PortsplitEndpoint(reloader, serviceRouter, listenerRegistry, connectionLimiter,
				metrics.getIfAvailable());
	}
}
