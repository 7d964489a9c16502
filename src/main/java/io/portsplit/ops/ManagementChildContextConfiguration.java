package io.portsplit.ops;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * For Actuator's own child context, which runs a second Tomcat when the operator gives it a
 * port of its own ({@code management.server.port}): the beans of the context it is the child
 * of do not customize that Tomcat, so it gets a directory of its own the same way.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementChildContextConfiguration {

	@Bean
	ManagementServerDirectory managementChildServerDirectory(Environment environment) {
		return new ManagementServerDirectory(environment);
	}
}
