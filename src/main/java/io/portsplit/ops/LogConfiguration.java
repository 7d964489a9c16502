package io.portsplit.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** The connection log, in the core context: it hears a connection from the first one on. */
@Configuration(proxyBeanMethods = false)
class LogConfiguration {

	@Bean
	ConnectionLog connectionLog(TaskScheduler taskScheduler) {
		return new ConnectionLog(taskScheduler);
	}
}
