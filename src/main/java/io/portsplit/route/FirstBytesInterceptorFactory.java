package io.portsplit.route;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;

/** Gives every accepted connection its own {@link FirstBytesInterceptor}. */
public final class FirstBytesInterceptorFactory implements TcpConnectionInterceptorFactory, ApplicationEventPublisherAware {

	private ApplicationEventPublisher publisher;

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public TcpConnectionInterceptorSupport getInterceptor() {
		return new FirstBytesInterceptor(this.publisher);
	}
}
