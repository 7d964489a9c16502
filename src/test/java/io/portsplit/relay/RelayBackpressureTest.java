package io.portsplit.relay;

import static io.portsplit.relay.LoopbackPair.readExactly;
import static io.portsplit.relay.LoopbackPair.readToEnd;
import static io.portsplit.relay.RelayFlowTest.ascii;
import static io.portsplit.relay.RelayFlowTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.portsplit.relay.RecordingRelayListener.Ended;
import io.portsplit.tcp.TcpInfo;

/**
 * A peer that stops reading: the relay stops reading the other peer instead of holding its
 * bytes, and goes on when the slow peer reads again; and a peer reset while the relay does
 * not watch it (its bytes wait for the other side) is still noticed, by the probe.
 * <p>
 * The sockets' kernel buffers are small, so a writer stalls after some hundred KiB rather
 * than after the many MiB that loopback's buffers grow to; a relay that went on reading
 * would let it write {@link #CAP} bytes. "Stalled" means the writer's socket has taken
 * nothing for {@link #STALL_MILLIS}: a bounded wait for something that should not come,
 * which on a slow machine can only make a stall look longer, never make one up.
 * <p>
 * Each test fails against the relay broken the way it names (checked by breaking the code
 * locally and restoring it): {@code Flow.wantsRead} true while bytes wait (the writer never
 * stalls, and bytes are lost); no interest update after a flush (the relay never resumes:
 * the backend's read times out); the probe that never finds a reset (no end within the
 * listener's wait).
 */
class RelayBackpressureTest {

	/** Each socket's send and receive buffer; the kernel doubles it. */
	private static final int SMALL_BUFFERS = 32 * 1024;

	/** Far more than the buffers along the way hold. */
	private static final long CAP = 32L * 1024 * 1024;

	private static final long STALL_MILLIS = 1000;

	private final RelayEngine engine = new RelayEngine(1, 64 * 1024);

	private final List<Relayed> relayed = new ArrayList<>();

	private final ExecutorService peers = Executors.newCachedThreadPool();

	@AfterEach
	void close() throws Exception {
		this.engine.close();
		for (Relayed each : this.relayed) {
			each.close();
		}
		this.peers.shutdownNow();
		assertThat(this.peers.awaitTermination(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aBackendThatDoesNotReadStopsTheClientAndReadingAgainResumesIt() throws Exception {
		Relayed pair = open();
		Sender client = new Sender(7);

		assertThat(client.fillUntilStalled(pair.client(), CAP, STALL_MILLIS)).as("the client's writes stalled").isTrue();
		assertThat(pair.listener.ended).isNotDone();

		CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
			try {
				client.writeMore(pair.client(), 1024 * 1024);
				pair.client().shutdownOutput();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.peers);
		assertThat(text(readExactly(pair.backend, 1))).isEqualTo("x");
		byte[] atBackend = readToEnd(pair.backend);
		rest.get(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS);

		assertThat((long) atBackend.length).isEqualTo(client.bytes());
		assertThat(Sender.crcOf(atBackend, 0)).as("checksum of the client's bytes at the backend").isEqualTo(client.crc());
		pair.backend.shutdownOutput();
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(ended.fromClient()).isEqualTo(1 + client.bytes());
	}

	@Test
	void aClientThatDoesNotReadStopsTheBackendAndReadingAgainResumesIt() throws Exception {
		Relayed pair = open();
		assertThat(text(readExactly(pair.backend, 1))).isEqualTo("x");
		Sender backend = new Sender(8);

		assertThat(backend.fillUntilStalled(pair.backend, CAP, STALL_MILLIS)).as("the backend's writes stalled").isTrue();

		CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
			try {
				backend.writeMore(pair.backend, 1024 * 1024);
				pair.backend.shutdownOutput();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.peers);
		byte[] atClient = readToEnd(pair.client());
		rest.get(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS);

		assertThat((long) atClient.length).isEqualTo(backend.bytes());
		assertThat(Sender.crcOf(atClient, 0)).as("checksum of the backend's bytes at the client").isEqualTo(backend.crc());
		pair.client().shutdownOutput();
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(ended.toClient()).isEqualTo(backend.bytes());
	}

	/**
	 * The client's bytes wait for a backend that does not read, so the relay watches the
	 * client for nothing; the client then resets. Nobody else moves: only the probe, about
	 * a second after the client was left unwatched, can end the pair. The backend is closed
	 * normally and reads what reached it, then the end of the stream.
	 */
	@Test
	void aClientResetWhileItsBytesWaitIsFoundByTheProbe() throws Exception {
		assumeTrue(TcpInfo.available(), "the probe needs Linux, JNA and sun.nio.ch exported");
		Relayed pair = open();
		Sender client = new Sender(9);
		assertThat(client.fillUntilStalled(pair.client(), CAP, STALL_MILLIS)).as("the client's writes stalled").isTrue();

		LoopbackPair.reset(pair.client());

		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("error: client reset while it was not being read");
		assertThat(pair.front.near.isOpen()).isFalse();
		assertThat(pair.backendSide.isOpen()).isFalse();
		assertThat(readToEnd(pair.backend).length).isBetween(1, (int) (1 + client.bytes()));
	}

	/** The same with the roles swapped: the backend's bytes wait for a client that does not read. */
	@Test
	void aBackendResetWhileItsBytesWaitIsFoundByTheProbe() throws Exception {
		assumeTrue(TcpInfo.available(), "the probe needs Linux, JNA and sun.nio.ch exported");
		Relayed pair = open();
		assertThat(text(readExactly(pair.backend, 1))).isEqualTo("x");
		Sender backend = new Sender(10);
		assertThat(backend.fillUntilStalled(pair.backend, CAP, STALL_MILLIS)).as("the backend's writes stalled").isTrue();

		LoopbackPair.reset(pair.backend);

		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("error: backend reset while it was not being read");
		assertThat(pair.front.near.isOpen()).isFalse();
		assertThat(pair.backendSide.isOpen()).isFalse();
		assertThat(readToEnd(pair.client()).length).isLessThanOrEqualTo((int) backend.bytes());
	}

	private Relayed open() throws Exception {
		Relayed pair = Relayed.open(SMALL_BUFFERS);
		this.relayed.add(pair);
		return pair.relay(this.engine, ascii("x"));
	}
}
