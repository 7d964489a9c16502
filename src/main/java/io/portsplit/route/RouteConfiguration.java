package io.portsplit.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;

import io.portsplit.config.PortsplitConfig;

/**
 * From a decision to its action: every listener's inbound adapter sends decided
 * connections to {@code decisions}; the {@link ServiceRouter} sends each on to the channel
 * of its action. All channels are direct: a connection is routed on the thread that read
 * its deciding bytes, with no queue in between to grow or reorder.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

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
}
