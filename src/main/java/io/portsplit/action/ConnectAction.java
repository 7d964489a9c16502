package io.portsplit.action;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.HostPort;
import io.portsplit.relay.RelayEngine;
import io.portsplit.relay.RelayListener;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.RoutedConnection;
import io.portsplit.threads.SharedThreads;
import io.portsplit.threads.TaskThreads;

/**
 * Starts the connect to the service's backend and hands both sockets to the relay, which
 * finishes the connect (within the connect timeout) and then relays.
 */
final class ConnectAction implements MessageHandler {

	private final BackendConnector connector;

	private final RelayEngine relay;

	private final TaskThreads threads;

	ConnectAction(BackendConnector connector, RelayEngine relay, TaskThreads threads) {
		this.connector = connector;
		this.relay = relay;
		this.threads = threads;
	}

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		ClientSession session = routed.session();
		byte[] firstBytes = routed.firstBytes();
		HostPort target = ((ActionSpec.Connect) routed.decision().service().orElseThrow().action()).target();
		SocketChannel client = session.takeChannel();
		if (SharedThreads.isCurrent() && !BackendConnector.isAddressLiteral(target.host())) {
			// A name lookup can block for seconds: not on a thread that serves other clients.
			this.threads.execute("resolve " + session.id(), () -> connect(session, client, target, firstBytes));
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
				new RelayListener() {

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
