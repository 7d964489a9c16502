package io.portsplit.lifecycle;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.portsplit.access.Admission;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.route.ServiceRouter;

/** The daemon's start and stop, its reloads, and its pid file. */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

	@Bean
	DaemonStatus daemonStatus() {
		return new DaemonStatus();
	}

	@Bean
	ServiceManagerNotifications serviceManagerNotifications(DaemonStatus daemonStatus, ApplicationContext context) {
		return new ServiceManagerNotifications(daemonStatus, SystemdNotifier.fromEnvironment(), context);
	}

	@Bean
	PidFileKeeper pidFileKeeper() {
		return new PidFileKeeper();
	}

	@Bean
	Reloader reloader(PortsplitConfig config, ServiceRouter serviceRouter, ListenerRegistry listenerRegistry,
			Admission admission, PidFileKeeper pidFileKeeper, ApplicationEventPublisher events,
			ServiceManagerNotifications serviceManagerNotifications) {
		return new Reloader(config, serviceRouter, listenerRegistry, admission, pidFileKeeper, events,
				serviceManagerNotifications);
	}

	@Bean
	PortsplitDaemon portsplitDaemon(Reloader reloader, ListenerRegistry listenerRegistry, PidFileKeeper pidFileKeeper,
			ApplicationEventPublisher events) {
		return new PortsplitDaemon(reloader, listenerRegistry, pidFileKeeper, events);
	}
}
