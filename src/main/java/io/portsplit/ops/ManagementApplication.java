package io.portsplit.ops;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationGraphEndpointAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.metrics.IntegrationMetricsAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The management side, started as a child of the core context once the multiplexed ports
 * serve: Spring Boot's auto-configuration (Actuator, the web server, Micrometer) and
 * portsplit's health, metrics and endpoint. Spring Integration is the core's, not
 * configured again here.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = { IntegrationAutoConfiguration.class,
		IntegrationGraphEndpointAutoConfiguration.class, IntegrationMetricsAutoConfiguration.class })
@Import(OpsConfiguration.class)
public class ManagementApplication {
}
