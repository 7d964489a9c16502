package io.portsplit.ops;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import io.portsplit.access.Admission;
import io.portsplit.lifecycle.DaemonStatus;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.route.ServiceRouter;

/**
 * The operations layer: the connection log and the metrics (two connection observers),
 * the {@code portsplit} health component and the {@code /actuator/portsplit} endpoint.
 * The management HTTP server itself is Spring Boot's, set up by {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

	@Bean
	ConnectionLog connectionLog(TaskScheduler taskScheduler) {
		return new ConnectionLog(taskScheduler);
	}

	@Bean
	@ConditionalOnProperty(name = "portsplit.metrics.enabled", matchIfMissing = true)
	PortsplitMetrics portsplitMetrics(MeterRegistry registry, Admission admission) {
		return new PortsplitMetrics(registry, admission);
	}

	@Bean
	BindsHealthIndicator portsplitHealthIndicator(Reloader reloader, ListenerRegistry listenerRegistry,
			Admission admission, DaemonStatus daemonStatus) {
		return new BindsHealthIndicator(reloader::current, listenerRegistry, admission, daemonStatus);
	}

	@Bean
	PortsplitEndpoint portsplitEndpoint(Reloader reloader, ServiceRouter serviceRouter,
			ListenerRegistry listenerRegistry, Admission admission,
			ObjectProvider<PortsplitMetrics> metrics) {
		return new PortsplitEndpoint(reloader, serviceRouter, listenerRegistry, admission,
				metrics.getIfAvailable());
	}
}
