package io.portsplit.route;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.integration.router.AbstractMessageRouter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

import io.portsplit.config.ActionSpec;

/**
 * The pattern router: owns the current {@link RoutingTable} (the one new connections are
 * judged by) and sends each decided connection to the channel of its service's action.
 */
public final class ServiceRouter extends AbstractMessageRouter {

	private final AtomicReference<RoutingTable> current;

	private final MessageChannel connectChannel;

	private final MessageChannel execChannel;

	private final MessageChannel closeChannel;

	public ServiceRouter(RoutingTable initial, MessageChannel connectChannel, MessageChannel execChannel,
			MessageChannel closeChannel) {
		this.current = new AtomicReference<>(initial);
		this.connectChannel = connectChannel;
		this.execChannel = execChannel;
		this.closeChannel = closeChannel;
	}

	/** The table a connection accepted now is judged by. */
	public RoutingTable current() {
		return this.current.get();
	}

	/** Swaps in a reloaded table; connections already accepted keep theirs. */
	public void replace(RoutingTable table) {
		this.current.set(table);
	}

	@Override
	protected Collection<MessageChannel> determineTargetChannels(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		MessageChannel target = routed.decision()
			.service()
			.map(service -> (service.action() instanceof ActionSpec.Connect) ? this.connectChannel : this.execChannel)
			.orElse(this.closeChannel);
		return List.of(target);
	}
}
