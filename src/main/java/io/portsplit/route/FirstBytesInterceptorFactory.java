package io.portsplit.route;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;

import io.portsplit.listen.ConnectionEvents;

/**
 * Gives every accepted connection its own {@link FirstBytesInterceptor}. Its
 * per-connection events are discarded: see {@link ConnectionEvents}.
 */
public final class FirstBytesInterceptorFactory implements TcpConnectionInterceptorFactory {

	@Override
	public TcpConnectionInterceptorSupport getInterceptor() {
		return new FirstBytesInterceptor(ConnectionEvents.DISCARDED);
	}
}
