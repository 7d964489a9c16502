package io.portsplit.listen;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.messaging.MessageChannel;

import io.portsplit.access.Admission;
import io.portsplit.config.ClientRules;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.firstbytes.FirstBytesWaiter;
import io.portsplit.route.ServiceRouter;
import io.portsplit.session.ConnectionObservers;
import io.portsplit.threads.TaskThreads;

/** The listeners, and the admission every accepted connection goes through. */
@Configuration(proxyBeanMethods = false)
class ListenConfiguration {

	@Bean
	Admission admission(PortsplitConfig config) {
		ClientRules clients = config.clients();
		return new Admission(config.maxconn(), clients.access(), clients.acceptProxy(), clients.maxconnPerSource(),
				clients.ratePerSource());
	}

	@Bean
	ListenerRegistry listenerRegistry(IntegrationFlowContext flows, MessageChannel decisions, ServiceRouter serviceRouter,
			Admission admission, ConnectionObservers connectionObservers, TaskThreads taskThreads,
			FirstBytesWaiter firstBytesWaiter, TcpConnectionInterceptorFactory firstBytesInterceptorFactory,
			ApplicationEventPublisher publisher, ObjectProvider<EarlyBinds> earlyBinds) {
		return new ListenerRegistry(flows, decisions, serviceRouter, admission, connectionObservers, taskThreads,
				firstBytesWaiter, firstBytesInterceptorFactory, publisher, earlyBinds.getIfAvailable(EarlyBinds::none));
	}
}
