package io.portsplit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.integration.config.EnableIntegration;

/**
 * The core of the application: every package's configuration but the management side's,
 * and Spring Integration's infrastructure through {@code @EnableIntegration} rather than
 * Spring Boot's auto-configuration of it, whose conditions and nested configurations (JMX,
 * JDBC, RSocket, management) cost the start 0.1-0.3 s of reading class files and give the
 * core nothing it uses; portsplit makes its own {@code taskScheduler}. It is started first,
 * and serves the multiplexed ports before the management context (a child of it, see
 * {@code ManagementApplication}) is even created: a fraction of the classes and conditions
 * of a whole Spring Boot web application stands between start and the first routed client.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "io\\.portsplit\\.ops\\.(OpsConfiguration|ManagementApplication|ManagementChildContextConfiguration)"))
public class PortsplitApplication {

	/** The core's application, as the daemon runs it and as the build processes it ahead of time. */
	static SpringApplication core() {
		SpringApplication core = new SpringApplication(PortsplitApplication.class);
		core.setMainApplicationClass(PortsplitApplication.class);
		core.setWebApplicationType(WebApplicationType.NONE);
		return core;
	}

	/**
	 * The build's entry for Spring's ahead-of-time processing ({@code process-aot}), never the
	 * daemon's: Spring stops this run once the bean definitions are known, and writes them as
	 * code ({@code PortsplitApplication__ApplicationContextInitializer}). The configuration and
	 * the early binds are not among them: they are the running daemon's, registered at each start.
	 */
	public static void main(String[] args) {
		core().run(args);
	}
}
