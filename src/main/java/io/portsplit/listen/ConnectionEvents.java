package io.portsplit.listen;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The publisher given to each client connection and its interceptor, in place of the
 * application context.
 * <p>
 * Spring Integration publishes an open and a close event for every connection (and an
 * exception event for some failures). Nothing in portsplit listens to them: connection
 * facts go to the {@link ConnectionObserver}s, which know the service and the outcome.
 * Through the context, each event still cost a listener look-up, a generic type
 * resolution and a call to every catch-all listener, twice per connection. A
 * {@code null} publisher is not an option: Spring Integration then logs a warning per
 * event. The factories' own events (listening, accept failures) still go to the context.
 */
public final class ConnectionEvents {

	/** Drops every per-connection event. */
	public static final ApplicationEventPublisher DISCARDED = event -> {
	};

	private ConnectionEvents() {
	}
}
