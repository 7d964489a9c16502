package io.portsplit.threads;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The task pool shared by the accept loops and the actions that need a thread; the scheduler for timed work. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThreadSettings.class)
class ThreadsConfiguration {

	@Bean(destroyMethod = "close")
	TaskThreads taskThreads(ThreadSettings settings) {
		return new TaskThreads(settings.idleTimeout());
	}

	/**
	 * Spring Integration's {@code taskScheduler}, which it would otherwise make with 10 threads. It
	 * runs only short timed tasks (the refusal log's once-a-second summaries): one thread does. A
	 * scheduled pool starts a new thread per task until it has its size, and they never end, so
	 * a flood of refusals would leave ten threads behind.
	 */
	@Bean
	ThreadPoolTaskScheduler taskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("task-scheduler-");
		scheduler.setDaemon(true);
		return scheduler;
	}
}
