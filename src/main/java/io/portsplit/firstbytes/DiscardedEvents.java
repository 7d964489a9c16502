package io.portsplit.firstbytes;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The publisher given to each client connection and its interceptor, in place of the
 * application context.
 * <p>
 * Spring Integration publishes an open and a close event for every connection (and an
 * exception event for some failures). Nothing in portsplit listens to them: connection
 * facts go to the connection observers, which know the service and the outcome. Through
 * the context, each event would cost a listener look-up, a generic type resolution and a
 * call to every catch-all listener, twice per connection. A {@code null} publisher is not
 * an option: Spring Integration then logs a warning per event. The factories' own events
 * (listening, accept failures) still go to the context.
 */
final class DiscardedEvents {

	/** Drops every per-connection event. */
	static final ApplicationEventPublisher PUBLISHER = event -> {
	};

	private DiscardedEvents() {
	}
}
