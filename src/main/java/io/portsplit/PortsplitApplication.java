package io.portsplit;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The core of the application: every package's configuration but the management side's,
 * and of Spring Boot's auto-configuration only Spring Integration's. It is started first,
 * and serves the multiplexed ports before the management context (a child of it, see
 * {@code ManagementApplication}) is even created: a fraction of the classes and conditions
 * of a whole Spring Boot web application stands between start and the first routed client.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(IntegrationAutoConfiguration.class)
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "io\\.portsplit\\.ops\\.(OpsConfiguration|ManagementApplication)"))
public class PortsplitApplication {
}
