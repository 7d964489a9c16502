package io.portsplit.relay;

import static io.portsplit.relay.LoopbackPair.readToEnd;
import static io.portsplit.relay.RelayFlowTest.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.portsplit.relay.RecordingRelayListener.ConnectFailed;

/**
 * A backend that cannot be reached: the loop finishes or fails the connect it is handed,
 * closes both sockets, and says so once, with {@code connectFailed} and nothing else.
 * <p>
 * Each test fails against the relay broken the way it names (checked by breaking the code
 * locally and restoring it): a failed connect reported as an ended relay, or leaving the
 * client's socket open; {@code RelayLoop.expireConnects} that never expires (the kernel
 * goes on retrying the SYN and no failure comes within the listener's wait).
 */
class RelayConnectTest {

	private final RelayEngine engine = new RelayEngine(1, 64 * 1024);

	@AfterEach
	void close() throws Exception {
		this.engine.close();
	}

	@Test
	void aRefusedConnectFailsAndClosesBothSockets() throws Exception {
		SocketAddress nobody;
		try (ServerSocketChannel closed = LoopbackPair.listen(0, 1)) {
			nobody = closed.getLocalAddress();
		}
		try (LoopbackPair front = LoopbackPair.open(); SocketChannel backend = SocketChannel.open()) {
			backend.configureBlocking(false);
			backend.connect(nobody);
			RecordingRelayListener listener = new RecordingRelayListener();

			this.engine.connectAndRelay(front.near, backend, ascii("x"), System.nanoTime(),
					Relayed.CONNECT_TIMEOUT_NANOS, Relayed.NO_IDLE_LIMIT, listener);

			ConnectFailed failed = listener.awaitConnectFailed();
			assertThat(failed.failure()).isInstanceOf(ConnectException.class);
			assertThat(failed.thread()).startsWith("relay-");
			assertThat(listener.calls()).as("connectFailed and nothing else").isOne();
			assertThat(front.near.isOpen()).isFalse();
			assertThat(backend.isOpen()).isFalse();
			assertThat(readToEnd(front.far)).isEmpty();
		}
	}

	/** The connect is still under way at the deadline (its SYN dropped): it fails then, not before. */
	@Test
	void aConnectWithoutAnswerFailsAtItsDeadline() throws Exception {
		long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(300);
		try (FullListenQueue full = FullListenQueue.open(); LoopbackPair front = LoopbackPair.open()) {
			long started = System.nanoTime();
			SocketChannel backend = full.startConnect();
			RecordingRelayListener listener = new RecordingRelayListener();

			this.engine.connectAndRelay(front.near, backend, ascii("x"), started, timeoutNanos, Relayed.NO_IDLE_LIMIT, listener);

			ConnectFailed failed = listener.awaitConnectFailed();
			assertThat(failed.failure()).isInstanceOf(SocketTimeoutException.class);
			assertThat(failed.nanos()).as("nanoseconds from the connect's start to its failure")
				.isGreaterThanOrEqualTo(timeoutNanos);
			assertThat(listener.calls()).as("connectFailed and nothing else").isOne();
			assertThat(front.near.isOpen()).isFalse();
			assertThat(backend.isOpen()).isFalse();
			assertThat(readToEnd(front.far)).isEmpty();
		}
	}
}
