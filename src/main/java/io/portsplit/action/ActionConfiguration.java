package io.portsplit.action;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;

import io.portsplit.config.ProgramLocator;
import io.portsplit.relay.RelayEngine;
import io.portsplit.threads.TaskThreads;

/** Each action's channel, from the router, to its handler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExecSettings.class)
class ActionConfiguration {

	@Bean
	IntegrationFlow connectFlow(MessageChannel connectChannel, RelayEngine relayEngine, TaskThreads taskThreads) {
		ConnectAction action = new ConnectAction(relayEngine, taskThreads);
		return IntegrationFlow.from(connectChannel).handle(action).get();
	}

	@Bean(destroyMethod = "close")
	ExecAction execAction(TaskThreads taskThreads, ExecSettings settings) {
		return new ExecAction(ProgramLocator.fromEnvironment(), taskThreads, new ProgramTerminator(settings.hangupGrace()));
	}

	@Bean
	IntegrationFlow execFlow(MessageChannel execChannel, ExecAction execAction) {
		return IntegrationFlow.from(execChannel).handle(execAction).get();
	}

	@Bean
	IntegrationFlow closeFlow(MessageChannel closeChannel) {
		return IntegrationFlow.from(closeChannel).handle(new CloseAction()).get();
	}
}
