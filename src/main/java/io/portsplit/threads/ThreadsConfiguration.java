package io.portsplit.threads;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task pool shared by the accept loops and the actions that need a thread. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThreadSettings.class)
class ThreadsConfiguration {

	@Bean(destroyMethod = "close")
	TaskThreads taskThreads(ThreadSettings settings) {
		return new TaskThreads(settings.idleTimeout());
	}
}
