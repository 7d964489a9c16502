package io.portsplit.action;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.HostPort;
import io.portsplit.listen.AcceptThenRead;
import io.portsplit.listen.ClientSession;
import io.portsplit.listen.ConnectionEnd;
import io.portsplit.relay.ConnectListener;
import io.portsplit.relay.RelayEngine;
import io.portsplit.route.RoutedConnection;

/**
 * SPEC 5.1: starts the connect to the service's backend and hands both sockets to the
 * relay, which finishes the connect (within the 5 s deadline) and then relays.
 */
public final class ConnectAction implements MessageHandler {

	private final BackendConnector connector;

	private final RelayEngine relay;

	private final Executor readers;

	public ConnectAction(BackendConnector connector, RelayEngine relay, Executor readers) {
		this.connector = connector;
		this.relay = relay;
		this.readers = readers;
	}

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		ClientSession session = routed.session();
		byte[] firstBytes = routed.firstBytes();
		HostPort target = ((ActionSpec.Connect) routed.decision().service().orElseThrow().action()).target();
		SocketChannel client = session.takeChannel();
		if (AcceptThenRead.onSharedThread() && !BackendConnector.isAddressLiteral(target.host())) {
			// A name lookup can block for seconds: not on a thread that serves other clients.
			this.readers.execute(() -> connect(session, client, target, firstBytes));
			return;
		}
		connect(session, client, target, firstBytes);
	}

	private void connect(ClientSession session, SocketChannel client, HostPort target, byte[] firstBytes) {
		SocketChannel backend;
		long started = System.nanoTime();
		try {
			backend = this.connector.startConnect(target);
		}
		catch (IOException | RuntimeException ex) {
			failed(session, target, firstBytes.length, System.nanoTime() - started, ex);
			return;
		}
		this.relay.connectAndRelay(client, backend, firstBytes, started, this.connector.timeout().toNanos(),
				new ConnectListener() {

					@Override
					public void connected(long nanos) {
						session.backendConnect(target, nanos, true);
					}

					@Override
					public void connectFailed(long nanos, IOException failure) {
						failed(session, target, firstBytes.length, nanos, failure);
					}

					@Override
					public void relayEnded(long fromClient, long toClient, String reason) {
						session.end(ConnectionEnd.of(fromClient, toClient, reason));
					}
				});
	}

	private static void failed(ClientSession session, HostPort target, int firstBytes, long nanos, Exception ex) {
		session.backendConnect(target, nanos, false);
		session.end(new ConnectionEnd(firstBytes, 0, "backend " + target + " failed: " + ex.getMessage(),
				ConnectionEnd.Failure.BACKEND));
	}
}
