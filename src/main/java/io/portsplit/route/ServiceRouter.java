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
 * It reads the decision from the message's {@link #DECISION} header, so it needs nothing
 * of the connection that the payload carries.
 */
public final class ServiceRouter extends AbstractMessageRouter {

	/** The header that carries a decided connection's {@link Decision}. */
	public static final String DECISION = "portsplit_decision";

	private final AtomicReference<RoutingTable> current;

	private final MessageChannel connectChannel;

	private final MessageChannel execChannel;

	private final MessageChannel closeChannel;

	ServiceRouter(RoutingTable initial, MessageChannel connectChannel, MessageChannel execChannel,
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
		Decision decision = message.getHeaders().get(DECISION, Decision.class);
		if (decision == null) {
			throw new IllegalArgumentException("no " + DECISION + " header on " + message);
		}
		MessageChannel target = decision.service()
			.map(service -> (service.action() instanceof ActionSpec.Connect) ? this.connectChannel : this.execChannel)
			.orElse(this.closeChannel);
		return List.of(target);
	}
}
