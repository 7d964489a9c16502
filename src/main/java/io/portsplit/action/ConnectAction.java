package io.portsplit.action;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.BackendAddress;
import io.portsplit.proxy.ProxyHeaderEncoder;
import io.portsplit.relay.RelayEngine;
import io.portsplit.relay.RelayListener;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.RoutedConnection;
import io.portsplit.threads.SharedThreads;
import io.portsplit.threads.TaskThreads;

/**
 * Starts the connect to the service's backend and hands both sockets to the relay, which
 * finishes the connect (within the service's connect timeout) and then relays. Where the
 * service says {@code proxy = v1|v2}, the PROXY header goes to the backend in front of the
 * client's first bytes, in the same write.
 */
final class ConnectAction implements MessageHandler {

	private final RelayEngine relay;

	private final TaskThreads threads;

	ConnectAction(RelayEngine relay, TaskThreads threads) {
		this.relay = relay;
		this.threads = threads;
	}

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		ClientSession session = routed.session();
		ActionSpec.Connect spec = (ActionSpec.Connect) routed.decision().service().orElseThrow().action();
		long idleNanos = routed.decision().service().orElseThrow().policy().idleTimeout().toNanos();
		SocketChannel client = session.takeChannel();
		if (SharedThreads.isCurrent() && !BackendConnector.needsNoLookup(spec.target())) {
			// A name lookup can block for seconds: not on a thread that serves other clients.
			this.threads.execute("resolve " + session.id(),
					() -> connect(session, client, spec, routed.firstBytes(), idleNanos));
			return;
		}
		connect(session, client, spec, routed.firstBytes(), idleNanos);
	}

	private void connect(ClientSession session, SocketChannel client, ActionSpec.Connect spec, byte[] firstBytes,
			long idleNanos) {
		BackendAddress target = spec.target();
		SocketChannel backend;
		long started = System.nanoTime();
		try {
			backend = BackendConnector.startConnect(target);
		}
		catch (IOException | RuntimeException ex) {
			failed(session, target, firstBytes.length, System.nanoTime() - started, ex);
			return;
		}
		byte[] toBackend = withProxyHeader(spec, session, firstBytes);
		this.relay.connectAndRelay(client, backend, toBackend, started, spec.connectTimeout().toNanos(), idleNanos,
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
						// The header is portsplit's, not the client's: it is not counted as the client's bytes.
						session.end(ConnectionEnd.of(fromClient - (toBackend.length - firstBytes.length), toClient, reason));
					}
				});
	}

	/** The client's and the destination's TCP addresses, for a backend behind a Unix socket too. */
	private static byte[] withProxyHeader(ActionSpec.Connect spec, ClientSession session, byte[] firstBytes) {
		byte[] header = switch (spec.proxy()) {
			case NONE -> null;
			case V1 -> ProxyHeaderEncoder.v1(session.client(), session.destination());
			case V2 -> ProxyHeaderEncoder.v2(session.client(), session.destination());
		};
		if (header == null) {
			return firstBytes;
		}
		byte[] both = new byte[header.length + firstBytes.length];
		System.arraycopy(header, 0, both, 0, header.length);
		System.arraycopy(firstBytes, 0, both, header.length, firstBytes.length);
		return both;
	}

	private static void failed(ClientSession session, BackendAddress target, int firstBytes, long nanos, Exception ex) {
		session.backendConnect(target, nanos, false);
		session.end(new ConnectionEnd(firstBytes, 0, "backend " + target + " failed: " + ex.getMessage(),
				ConnectionEnd.Failure.BACKEND));
	}
}
