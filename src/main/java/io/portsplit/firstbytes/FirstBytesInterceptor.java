package io.portsplit.firstbytes;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import io.portsplit.match.FirstBytes;
import io.portsplit.route.Decision;
import io.portsplit.route.ServiceRouter;
import io.portsplit.route.Trigger;
import io.portsplit.session.ClientSession;
import io.portsplit.session.RoutedConnection;

/**
 * Asks the connection's routing table after every read of its first bytes. Nothing passes
 * on to the inbound adapter until there is a decision; then one message carries the
 * connection and the bytes read so far, with the decision in a header for the router.
 */
final class FirstBytesInterceptor extends TcpConnectionInterceptorSupport {

	FirstBytesInterceptor(ApplicationEventPublisher publisher) {
		super(publisher);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (!(message.getPayload() instanceof Trigger trigger)) {
			super.onMessage(message);
			return;
		}
		ClientSession session = ((FirstBytesConnection) getTheConnection()).session();
		FirstBytes bytes = session.firstBytes();
		Optional<Decision> decision = session.table().decide(bytes, trigger);
		if (decision.isEmpty()) {
			if (bytes.wanted() == 0) {
				// Every condition settles within what it can use: a bug, not a client's doing.
				throw new IllegalStateException("no decision on a full buffer of " + bytes.length() + " bytes");
			}
			return;
		}
		session.decided(decision.get());
		RoutedConnection routed = new RoutedConnection(session, decision.get(), bytes.toArray());
		super.onMessage(MessageBuilder.withPayload(routed)
			.copyHeaders(message.getHeaders())
			.setHeader(ServiceRouter.DECISION, decision.get())
			.build());
	}
}
