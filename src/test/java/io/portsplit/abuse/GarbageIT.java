package io.portsplit.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 5: garbage as the first bytes. Every connection
 * ends at a defined outcome, the one README "Matching" gives for those bytes (the patterns are
 * prefix-free, so TCP's segmentation cannot change it), and the chosen backend gets every
 * byte, unaltered: its echo comes back whole. portsplit reads at most the longest pattern
 * before deciding (its buffer grows only to that; {@link MatcherFuzzTest} checks the matcher
 * decides by then), so concurrent 1 MiB first writes leave the heap where it was.
 */
class GarbageIT extends AbuseTestBase {

	private static final int CLIENTS = Scale.of(280, 2_800);

	private static final String[] TAGS = { "g", "s", "x" };

	private static final byte[][] PATTERNS = { Clients.ascii("GET "), Clients.ascii("SSH-2.0-"),
			{ 0x16, 0x03, 0x01 } };

	@Test
	void everyFirstWriteEndsAtADefinedOutcomeWithEveryByteDelivered() throws Exception {
		StringBuilder services = new StringBuilder();
		for (int i = 0; i < TAGS.length; i++) {
			TestBackend backend = backend(TAGS[i]);
			services.append('[').append(TAGS[i]).append("]\nstring = ").append(escaped(PATTERNS[i]))
				.append("\nconnect = ").append(backend.target()).append('\n');
		}
		services.append("[fallback]\nconnect = ").append(backend("f").target()).append('\n');
		services.append("[timeout]\nconnect = ").append(backend("t").target()).append('\n');
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "timeout = 5\n", services.toString());
		assertThat(Clients.exchange(port, "GET /")).isEqualTo("g:GET /");
		Baseline idle = Baseline.of(daemon);

		ExecutorService clients = Executors.newFixedThreadPool(8);
		int[] outcomes = new int[TAGS.length + 1];
		long bytes = 0;
		try {
			List<Future<String>> tags = new ArrayList<>();
			for (int seed = 0; seed < CLIENTS; seed++) {
				long s = seed;
				tags.add(clients.submit(() -> exchange(port, s)));
			}
			for (int seed = 0; seed < CLIENTS; seed++) {
				String tag = tags.get(seed).get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
				int index = Arrays.asList(TAGS).indexOf(tag);
				outcomes[(index < 0) ? TAGS.length : index]++;
				bytes += GarbageInputs.input(seed, PATTERNS).length;
			}
		}
		finally {
			clients.shutdownNow();
		}
		daemon.assertAlive();
		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		assertThat(daemon.errorLines()).isEmpty();
		Report.line("garbage", CLIENTS + " first writes (" + bytes / 1024
				+ " KiB): random 1-4096 and 1-16 bytes, runs of up to 200k 0x08/0x00/0xFF, 1 MiB random, pattern prefix + garbage",
				"every one at its expected outcome (" + outcomes[0] + " GET, " + outcomes[1] + " SSH, " + outcomes[2]
						+ " TLS, " + outcomes[3] + " fallback), every byte echoed back intact; fds idle "
						+ idle.holding().fds() + ", after " + after.fds() + "; threads idle " + idle.holding().threads()
						+ ", after " + after.threads() + "; heap after GC idle " + idle.heapKiB() / 1024
						+ " MiB, after " + heapAfter / 1024 + " MiB");
	}

	/** Sends input {@code seed}, checks the reply is the expected service's tag and the whole input; returns the tag. */
	private static String exchange(int port, long seed) throws Exception {
		byte[] input = GarbageInputs.input(seed, PATTERNS);
		String tag = expectedTag(input);
		try (Socket socket = Clients.connect(port)) {
			// Written from another thread: the echo of a big write comes back while it is still going.
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(input);
					socket.shutdownOutput();
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			byte[] reply = Clients.readAll(socket);
			writer.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
			byte[] expected = new byte[tag.length() + 1 + input.length];
			System.arraycopy(Clients.ascii(tag + ":"), 0, expected, 0, tag.length() + 1);
			System.arraycopy(input, 0, expected, tag.length() + 1, input.length);
			if (!Arrays.equals(reply, expected)) {
				throw new AssertionError("seed " + seed + " (" + input.length + " bytes): expected [" + tag
						+ "] and the input echoed, got " + reply.length + " bytes starting '"
						+ Clients.text(Arrays.copyOf(reply, Math.min(16, reply.length))) + "'");
			}
		}
		return tag;
	}

	/** README "Matching" rules 1, 2 and 4 for a client that sends {@code input} and ends. */
	private static String expectedTag(byte[] input) {
		for (int i = 0; i < PATTERNS.length; i++) {
			byte[] p = PATTERNS[i];
			if (input.length >= p.length && Arrays.equals(input, 0, p.length, p, 0, p.length)) {
				return TAGS[i];
			}
		}
		return "f";
	}

	private static String escaped(byte[] pattern) {
		StringBuilder text = new StringBuilder();
		for (byte b : pattern) {
			text.append(String.format("\\%02x", b & 0xff));
		}
		return text.toString();
	}
}
