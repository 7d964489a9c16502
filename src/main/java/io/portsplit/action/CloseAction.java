package io.portsplit.action;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.route.Decision;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.RoutedConnection;

/** The default action: a decision without a service closes the client. */
final class CloseAction implements MessageHandler {

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		routed.session().end(endOf(routed.decision(), routed.firstBytes().length));
	}

	private static ConnectionEnd endOf(Decision decision, int bytesRead) {
		return switch (decision.outcome()) {
			case EOF -> ConnectionEnd.of(bytesRead, 0, "client closed before sending anything");
			case TIMEOUT -> new ConnectionEnd(bytesRead, 0, "timeout and no [timeout] service",
					ConnectionEnd.Failure.NO_SERVICE);
			case FALLBACK, MATCH -> new ConnectionEnd(bytesRead, 0, "no pattern matched and no [fallback] service",
					ConnectionEnd.Failure.NO_SERVICE);
		};
	}
}
