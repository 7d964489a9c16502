package io.portsplit.action;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.HostPort;
import io.portsplit.listen.ClientSession;
import io.portsplit.listen.ConnectionEnd;
import io.portsplit.relay.RelayEngine;
import io.portsplit.route.RoutedConnection;

/** SPEC 5.1: connects to the service's backend and hands both sockets to the relay. */
public final class ConnectAction implements MessageHandler {

	private final BackendConnector connector;

	private final RelayEngine relay;

	public ConnectAction(BackendConnector connector, RelayEngine relay) {
		this.connector = connector;
		this.relay = relay;
	}

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		ClientSession session = routed.session();
		byte[] firstBytes = routed.firstBytes();
		HostPort target = ((ActionSpec.Connect) routed.decision().service().orElseThrow().action()).target();
		SocketChannel client = session.takeChannel();
		SocketChannel backend;
		long started = System.nanoTime();
		try {
			backend = this.connector.connect(target);
		}
		catch (IOException | RuntimeException ex) {
			session.backendConnect(target, System.nanoTime() - started, false);
			session.end(new ConnectionEnd(firstBytes.length, 0, "backend " + target + " failed: " + ex.getMessage(),
					ConnectionEnd.Failure.BACKEND));
			return;
		}
		session.backendConnect(target, System.nanoTime() - started, true);
		this.relay.relay(client, backend, firstBytes,
				(fromClient, toClient, reason) -> session.end(ConnectionEnd.of(fromClient, toClient, reason)));
	}
}
