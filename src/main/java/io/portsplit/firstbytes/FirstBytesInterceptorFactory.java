package io.portsplit.firstbytes;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;

/** Gives every accepted connection its own {@link FirstBytesInterceptor}; its events are discarded. */
final class FirstBytesInterceptorFactory implements TcpConnectionInterceptorFactory {

	@Override
	public TcpConnectionInterceptorSupport getInterceptor() {
		return new FirstBytesInterceptor(DiscardedEvents.PUBLISHER);
	}
}
