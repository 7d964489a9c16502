package io.portsplit.ops;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.portsplit.access.Admission;
import io.portsplit.lifecycle.ConfigurationApplied;
import io.portsplit.lifecycle.DaemonStatus;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.route.ServiceRouter;
import io.portsplit.session.ConnectionObservers;

/**
 * The operations layer: the connection log and the metrics (two connection observers),
 * the {@code portsplit} health component and the {@code /actuator/portsplit} endpoint.
 * The management HTTP server itself is Spring Boot's, set up by {@code application.yml}, in a
 * directory of its own that goes when it stops.
 */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

	/**
	 * Joins the core's connection observers and follows its configuration: the series of the
	 * one running now at once, those of each one applied later by listening on the core (the
	 * core's events do not reach this child context by themselves).
	 */
	@Bean
	@ConditionalOnProperty(name = "portsplit.metrics.enabled", matchIfMissing = true)
	PortsplitMetrics portsplitMetrics(MeterRegistry registry, Admission admission, Reloader reloader,
			ConnectionObservers connectionObservers, ApplicationContext context) {
		PortsplitMetrics metrics = new PortsplitMetrics(registry, admission);
		metrics.registerFor(reloader.current());
		ApplicationListener<PayloadApplicationEvent<ConfigurationApplied>> applied = ApplicationListener
			.forPayload(event -> metrics.registerFor(event.config()));
		ConfigurableApplicationContext core = (ConfigurableApplicationContext) context.getParent();
		if (core != null) {
			core.addApplicationListener(applied);
		}
		connectionObservers.add(metrics);
		metrics.onClose(() -> {
			connectionObservers.remove(metrics);
			if (core != null) {
				core.removeApplicationListener(applied);
			}
		});
		return metrics;
	}

	@Bean
	ManagementServerDirectory managementServerDirectory(Environment environment) {
		return new ManagementServerDirectory(environment);
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
