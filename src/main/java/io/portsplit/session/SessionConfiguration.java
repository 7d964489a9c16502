package io.portsplit.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every {@link ConnectionObserver} bean of the context hears every connection, in their order. */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	ConnectionObservers connectionObservers(ObjectProvider<ConnectionObserver> observers) {
		return new ConnectionObservers(observers.orderedStream().toList());
	}
}
