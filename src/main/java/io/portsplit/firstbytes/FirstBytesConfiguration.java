package io.portsplit.firstbytes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;

/** The waiter for clients not yet readable, and the interceptor every connection gets. */
@Configuration(proxyBeanMethods = false)
class FirstBytesConfiguration {

	@Bean(destroyMethod = "close")
	FirstBytesWaiter firstBytesWaiter() {
		return new FirstBytesWaiter();
	}

	@Bean
	TcpConnectionInterceptorFactory firstBytesInterceptorFactory() {
		return new FirstBytesInterceptorFactory();
	}
}
