package io.portsplit.relay;

import static io.portsplit.relay.LoopbackPair.readExactly;
import static io.portsplit.relay.LoopbackPair.readToEnd;
import static io.portsplit.relay.LoopbackPair.writeAll;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.portsplit.relay.RecordingRelayListener.Ended;

/**
 * What a relayed pair carries, and when it ends, seen from a client program and a backend
 * server on loopback: the first bytes first and once, both directions intact, each half-close
 * passed on while the other direction goes on, and the byte counts of the end.
 * <p>
 * Each test fails against the relay broken the way it names (checked by breaking the code
 * locally and restoring it): the first bytes left out, or held back until the client's
 * own bytes have gone ({@link #theFirstBytesReachTheBackendBeforeAnythingElseAndOnce}); a
 * flow that drops a partial write's rest ({@link #severalMebibytesEachWayArriveIntact}); a
 * half-close not passed on ({@code shutdownOutput} left out of {@code Flow.finish}: the
 * reads that wait for the end time out), or a pair closed once either direction ends (the
 * bytes after the first half-close never arrive).
 */
class RelayFlowTest {

	private static final int MIB = 1024 * 1024;

	private final RelayEngine engine = new RelayEngine(2, 64 * 1024);

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

	/**
	 * The client's next bytes are already waiting on its socket when the relay starts, so a
	 * relay that read the client before delivering the first bytes would put them first.
	 */
	@Test
	void theFirstBytesReachTheBackendBeforeAnythingElseAndOnce() throws Exception {
		Relayed pair = open();
		writeAll(pair.client(), ascii(" and then the rest"));
		pair.client().shutdownOutput();

		pair.relay(this.engine, ascii("FIRST BYTES"));

		assertThat(text(readToEnd(pair.backend))).isEqualTo("FIRST BYTES and then the rest");
		pair.backend.shutdownOutput();
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.fromClient()).isEqualTo("FIRST BYTES and then the rest".length());
		assertThat(ended.toClient()).isZero();
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(readToEnd(pair.client())).isEmpty();
	}

	/**
	 * A backend whose listen queue is full when the relay starts: its connect finishes on a
	 * later turn of the loop (the kernel retries the SYN after about a second), and the first
	 * bytes still go first, once.
	 */
	@Test
	void aBackendConnectFinishedLaterStillGetsTheFirstBytesFirst() throws Exception {
		try (FullListenQueue full = FullListenQueue.open()) {
			try (LoopbackPair front = LoopbackPair.open()) {
				RecordingRelayListener listener = new RecordingRelayListener();
				writeAll(front.far, ascii(" then the client's"));
				this.engine.connectAndRelay(front.near, full.startConnect(), ascii("first"), System.nanoTime(),
						Relayed.CONNECT_TIMEOUT_NANOS, Relayed.NO_IDLE_LIMIT, listener);

				full.makeRoom();
				SocketChannel backend = full.acceptTheWaitingConnect();

				assertThat(listener.awaitConnected().thread()).startsWith("relay-");
				assertThat(text(readExactly(backend, "first then the client's".length())))
					.isEqualTo("first then the client's");
				front.far.shutdownOutput();
				assertThat(readToEnd(backend)).isEmpty();
				backend.close();
				assertThat(listener.awaitEnded().reason()).isEqualTo("closed");
			}
		}
	}

	@Test
	void severalMebibytesEachWayArriveIntact() throws Exception {
		Relayed pair = open().relay(this.engine, ascii("hello"));
		byte[] up = randomBytes(4 * MIB, 1);
		byte[] down = randomBytes(4 * MIB, 2);

		CompletableFuture<Void> clientWrites = inBackground(() -> {
			writeAll(pair.client(), up);
			pair.client().shutdownOutput();
			return null;
		});
		CompletableFuture<Void> backendWrites = inBackground(() -> {
			writeAll(pair.backend, down);
			pair.backend.shutdownOutput();
			return null;
		});
		CompletableFuture<byte[]> clientReads = inBackground(() -> readToEnd(pair.client()));
		byte[] atBackend = readToEnd(pair.backend);
		byte[] atClient = clientReads.get(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS);
		clientWrites.get(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS);
		backendWrites.get(RecordingRelayListener.WAIT_SECONDS, TimeUnit.SECONDS);

		assertThat(atBackend.length).isEqualTo(5 + up.length);
		assertThat(text(readPrefix(atBackend, 5))).isEqualTo("hello");
		assertThat(crc(atBackend, 5)).as("checksum of the client's bytes at the backend").isEqualTo(crc(up, 0));
		assertThat(atClient.length).isEqualTo(down.length);
		assertThat(crc(atClient, 0)).as("checksum of the backend's bytes at the client").isEqualTo(crc(down, 0));
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.fromClient()).isEqualTo(5 + up.length);
		assertThat(ended.toClient()).isEqualTo(down.length);
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(ended.thread()).startsWith("relay-");
		assertThat(pair.listener.calls()).as("connected, then ended; nothing else").isEqualTo(2);
	}

	/**
	 * The client ends its side first: the backend sees the end of the stream, and answers
	 * after it; the pair lives until the backend ends its side too.
	 */
	@Test
	void aClientHalfCloseReachesTheBackendAndTheReplyStillFlows() throws Exception {
		Relayed pair = open().relay(this.engine, ascii("GET / HTTP/1.0\r\n"));
		writeAll(pair.client(), ascii("\r\n"));
		pair.client().shutdownOutput();

		assertThat(text(readToEnd(pair.backend))).isEqualTo("GET / HTTP/1.0\r\n\r\n");
		writeAll(pair.backend, ascii("HTTP/1.0 200 OK\r\n\r\nhello"));
		assertThat(text(readExactly(pair.client(), 24))).isEqualTo("HTTP/1.0 200 OK\r\n\r\nhello");
		assertThat(pair.listener.ended).as("ended before the backend ended its side").isNotDone();

		pair.backend.shutdownOutput();
		assertThat(readToEnd(pair.client())).isEmpty();
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(ended.fromClient()).isEqualTo(18);
		assertThat(ended.toClient()).isEqualTo(24);
	}

	/** The backend ends its side first (a server that speaks, then only listens): the client still sends. */
	@Test
	void aBackendHalfCloseReachesTheClientAndTheClientStillSends() throws Exception {
		Relayed pair = open().relay(this.engine, ascii("hi"));
		assertThat(text(readExactly(pair.backend, 2))).isEqualTo("hi");
		writeAll(pair.backend, ascii("banner\n"));
		pair.backend.shutdownOutput();

		assertThat(text(readToEnd(pair.client()))).isEqualTo("banner\n");
		writeAll(pair.client(), ascii("after the banner"));
		assertThat(text(readExactly(pair.backend, 16))).isEqualTo("after the banner");
		assertThat(pair.listener.ended).as("ended before the client ended its side").isNotDone();

		pair.client().shutdownOutput();
		assertThat(readToEnd(pair.backend)).isEmpty();
		Ended ended = pair.listener.awaitEnded();
		assertThat(ended.reason()).isEqualTo("closed");
		assertThat(ended.fromClient()).isEqualTo(18);
		assertThat(ended.toClient()).isEqualTo(7);
	}

	private Relayed open() throws Exception {
		Relayed pair = Relayed.open(0);
		this.relayed.add(pair);
		return pair;
	}

	private <T> CompletableFuture<T> inBackground(Callable<T> task) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return task.call();
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, this.peers);
	}

	static byte[] ascii(String text) {
		return text.getBytes(US_ASCII);
	}

	static String text(byte[] bytes) {
		return new String(bytes, US_ASCII);
	}

	static byte[] randomBytes(int n, long seed) {
		byte[] bytes = new byte[n];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static byte[] readPrefix(byte[] bytes, int n) {
		return Arrays.copyOf(bytes, n);
	}

	private static long crc(byte[] bytes, int from) {
		CRC32 crc = new CRC32();
		crc.update(bytes, from, bytes.length - from);
		return crc.getValue();
	}
}
