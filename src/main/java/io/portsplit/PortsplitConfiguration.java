package io.portsplit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.MessageChannel;

import io.portsplit.action.BackendConnector;
import io.portsplit.action.CloseAction;
import io.portsplit.action.ConnectAction;
import io.portsplit.action.ExecAction;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ProgramLocator;
import io.portsplit.listen.ConnectionLimiter;
import io.portsplit.listen.ConnectionObserver;
import io.portsplit.listen.ConnectionObservers;
import io.portsplit.listen.EarlyBinds;
import io.portsplit.listen.FirstBytesWaiter;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.ops.ConnectionLog;
import io.portsplit.relay.RelayEngine;
import io.portsplit.route.FirstBytesInterceptorFactory;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.ServiceRouter;

/**
 * The flow of a connection as beans: inbound adapters (one per bind, see
 * {@link ListenerRegistry}) → {@code decisions} → {@link ServiceRouter} → one channel per
 * action → its handler. All channels are direct: a connection is routed on the thread
 * that read its deciding bytes (its accept thread, or the {@link FirstBytesWaiter}'s),
 * with no queue in between to grow or reorder.
 */
@Configuration(proxyBeanMethods = false)
public class PortsplitConfiguration {

	/** SPEC 5.1. */
	static final Duration BACKEND_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	MessageChannel decisions() {
		return new DirectChannel();
	}

	@Bean
	MessageChannel connectChannel() {
		return new DirectChannel();
	}

	@Bean
	MessageChannel execChannel() {
		return new DirectChannel();
	}

	@Bean
	MessageChannel closeChannel() {
		return new DirectChannel();
	}

	@Bean
	ServiceRouter serviceRouter(PortsplitConfig config, MessageChannel connectChannel, MessageChannel execChannel,
			MessageChannel closeChannel) {
		return new ServiceRouter(new RoutingTable(config), connectChannel, execChannel, closeChannel);
	}

	@Bean
	IntegrationFlow routingFlow(MessageChannel decisions, ServiceRouter serviceRouter) {
		return IntegrationFlow.from(decisions).route(serviceRouter).get();
	}

	@Bean
	IntegrationFlow connectFlow(MessageChannel connectChannel, ConnectAction connectAction) {
		return IntegrationFlow.from(connectChannel).handle(connectAction).get();
	}

	@Bean
	IntegrationFlow execFlow(MessageChannel execChannel, ExecAction execAction) {
		return IntegrationFlow.from(execChannel).handle(execAction).get();
	}

	@Bean
	IntegrationFlow closeFlow(MessageChannel closeChannel) {
		return IntegrationFlow.from(closeChannel).handle(new CloseAction()).get();
	}

	@Bean(destroyMethod = "close")
	RelayEngine relayEngine() {
		return new RelayEngine(Math.max(1, Runtime.getRuntime().availableProcessors()), 64 * 1024);
	}

	@Bean
	ConnectAction connectAction(RelayEngine relayEngine, ExecutorService connectionReaders) {
		return new ConnectAction(new BackendConnector(BACKEND_CONNECT_TIMEOUT), relayEngine, connectionReaders);
	}

	@Bean(destroyMethod = "close")
	ExecAction execAction(ExecutorService connectionReaders) {
		return new ExecAction(ProgramLocator.fromEnvironment(), connectionReaders);
	}

	@Bean
	ConnectionLimiter connectionLimiter(PortsplitConfig config) {
		return new ConnectionLimiter(config.maxconn());
	}

	@Bean
	ConnectionLog connectionLog() {
		return new ConnectionLog();
	}

	@Bean
	ConnectionObservers connectionObservers(ObjectProvider<ConnectionObserver> observers) {
		List<ConnectionObserver> all = observers.orderedStream()
			.filter(observer -> !(observer instanceof ConnectionObservers))
			.toList();
		return new ConnectionObservers(all);
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService connectionReaders() {
		return ConnectionReaders.create();
	}

	@Bean(destroyMethod = "close")
	FirstBytesWaiter firstBytesWaiter() {
		return new FirstBytesWaiter();
	}

	@Bean
	FirstBytesInterceptorFactory firstBytesInterceptorFactory() {
		return new FirstBytesInterceptorFactory();
	}

	@Bean
	ListenerRegistry listenerRegistry(IntegrationFlowContext flows, MessageChannel decisions, ServiceRouter serviceRouter,
			ConnectionLimiter connectionLimiter, ConnectionObservers connectionObservers,
			ExecutorService connectionReaders, FirstBytesWaiter firstBytesWaiter,
			FirstBytesInterceptorFactory firstBytesInterceptorFactory,
			ApplicationEventPublisher publisher, ObjectProvider<EarlyBinds> earlyBinds) {
		return new ListenerRegistry(flows, decisions, serviceRouter, connectionLimiter, connectionObservers,
				connectionReaders, firstBytesWaiter, firstBytesInterceptorFactory, publisher, earlyBinds.getIfAvailable(EarlyBinds::none));
	}

	@Bean
	PidFileKeeper pidFileKeeper() {
		return new PidFileKeeper();
	}

	@Bean
	Reloader reloader(PortsplitConfig config, ServiceRouter serviceRouter, ListenerRegistry listenerRegistry,
			ConnectionLimiter connectionLimiter, PidFileKeeper pidFileKeeper) {
		return new Reloader(config, serviceRouter, listenerRegistry, connectionLimiter, pidFileKeeper);
	}

	@Bean
	PortsplitDaemon portsplitDaemon(Reloader reloader, ListenerRegistry listenerRegistry, PidFileKeeper pidFileKeeper) {
		return new PortsplitDaemon(reloader, listenerRegistry, pidFileKeeper);
	}
}
