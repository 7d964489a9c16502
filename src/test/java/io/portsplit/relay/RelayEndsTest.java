package io.portsplit.relay;

import static io.portsplit.relay.LoopbackPair.readExactly;
import static io.portsplit.relay.LoopbackPair.readToEnd;
import static io.portsplit.relay.RelayFlowTest.ascii;
import static io.portsplit.relay.RelayFlowTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.portsplit.relay.RecordingRelayListener.Ended;

/**
 * How a relayed pair ends other than by both peers finishing: a reset on either side, and
 * the engine stopping. Both sockets are closed by then, and the other peer sees an
 * ordinary end of stream (a FIN: it sent nothing the relay left unread).
 * <p>
 * Each test fails against the relay broken the way it names (checked by breaking the code
 * locally and restoring it): a read or write failure that ends the pair as {@code "closed"}
 * instead of with its error; {@code RelayLoop.closeAll} that leaves the pairs open (no end
 * is reported and the peers' reads time out); {@code RelayLoop.add} that forgets the pair
 * handed to a stopped engine.
 */
class RelayEndsTest {

	private RelayEngine engine = new RelayEngine(2, 64 * 1024);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		if (this.engine != null) {
			this.engine.close();
		}
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aClientResetClosesTheBackendAndReportsTheError() throws Exception {
		Relayed pair = relayed("x");
		assertThat(text(readExactly(pair.backend, 1))).isEqualTo("x");

		LoopbackPair.reset(pair.client());

		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).startsWith("error: ").doesNotContain("not being read");
		assertThat(pair.front.near.isOpen()).isFalse();
		assertThat(pair.backendSide.isOpen()).isFalse();
		assertThat(readToEnd(pair.backend)).isEmpty();
	}

	@Test
	void aBackendResetClosesTheClientAndReportsTheError() throws Exception {
		Relayed pair = relayed("x");
		assertThat(text(readExactly(pair.backend, 1))).isEqualTo("x");

		LoopbackPair.reset(pair.backend);

		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).startsWith("error: ").doesNotContain("not being read");
		assertThat(pair.front.near.isOpen()).isFalse();
		assertThat(pair.backendSide.isOpen()).isFalse();
		assertThat(readToEnd(pair.client())).isEmpty();
	}

	/**
	 * Pairs on both loops, relaying, and one whose backend connect is still under way (that
	 * one has no backend peer to tell): each ends with the same reason and each peer sees
	 * its stream end.
	 */
	@Test
	void closingTheEngineClosesEveryPair() throws Exception {
		List<Relayed> pairs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Relayed pair = relayed("pair " + i);
			assertThat(text(readExactly(pair.backend, 6))).isEqualTo("pair " + i);
			pairs.add(pair);
		}
		FullListenQueue full = FullListenQueue.open();
		this.resources.add(full);
		LoopbackPair waiting = LoopbackPair.open();
		this.resources.add(waiting);
		RecordingRelayListener waitingListener = new RecordingRelayListener();
		this.engine.connectAndRelay(waiting.near, full.startConnect(), ascii("w"), System.nanoTime(),
				Relayed.CONNECT_TIMEOUT_NANOS, Relayed.NO_IDLE_LIMIT, waitingListener);

		stopEngine();

		for (Relayed pair : pairs) {
			assertThat(pair.listener.awaitEnded().reason()).isEqualTo("portsplit is stopping");
			assertThat(readToEnd(pair.client())).isEmpty();
			assertThat(readToEnd(pair.backend)).isEmpty();
		}
		assertThat(waitingListener.awaitEnded().reason()).isEqualTo("portsplit is stopping");
		assertThat(waitingListener.connectFailed).isNotDone();
		assertThat(readToEnd(waiting.far)).isEmpty();
	}

	/** A decision that comes as portsplit stops: its connection is closed at once, not left to a dead loop. */
	@Test
	void aPairHandedToAStoppedEngineIsClosedAtOnce() throws Exception {
		RelayEngine stopped = stopEngine();
		Relayed pair = Relayed.open(0);
		this.resources.add(pair);

		stopped.connectAndRelay(pair.front.near, pair.backendSide, ascii("late"), System.nanoTime(),
				Relayed.CONNECT_TIMEOUT_NANOS, Relayed.NO_IDLE_LIMIT, pair.listener);

		assertThat(pair.listener.awaitEnded().reason()).isEqualTo("portsplit is stopping");
		assertThat(pair.front.near.isOpen()).isFalse();
		assertThat(pair.backendSide.isOpen()).isFalse();
		assertThat(readToEnd(pair.client())).isEmpty();
	}

	/** Closes the engine once: {@link #close()} leaves it alone then. */
	private RelayEngine stopEngine() throws InterruptedException {
		RelayEngine stopped = this.engine;
		this.engine = null;
		stopped.close();
		return stopped;
	}

	private Relayed relayed(String firstBytes) throws Exception {
		Relayed pair = Relayed.open(0);
		this.resources.add(pair);
		return pair.relay(this.engine, ascii(firstBytes));
	}
}
