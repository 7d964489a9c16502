package io.portsplit.action;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.listen.ConnectionEnd;
import io.portsplit.route.RoutedConnection;

/** SPEC 5.2 (work in progress): runs a local program on the connection. */
public final class ExecAction implements MessageHandler, AutoCloseable {

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		routed.session().end(new ConnectionEnd(routed.firstBytes().length, 0, "exec is not available yet",
				ConnectionEnd.Failure.EXEC));
	}

	@Override
	public void close() {
	}
}
