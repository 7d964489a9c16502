package io.portsplit.abuse;

import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 2, slow drip: clients that send one byte at a
 * time, a few hundred ms apart. A short pattern dripped within {@code timeout} is decided as
 * if sent in one chunk, bytes intact. A long one whose drip lasts several times
 * {@code timeout} goes to {@code [timeout]}: the clock runs from accept and is not reset by
 * each byte (if it were, the drip would match).
 */
class SlowDripIT extends AbuseTestBase {

	private static final int CLIENTS = Scale.of(20, 200);

	private static final String SHORT = "SSH-2.0-";

	/** 40 bytes at 250 ms: 10 s of drip against a 2 s timeout. */
	private static final String LONG = "LONG-" + "x".repeat(35);

	@Test
	void aDripIsDecidedLikeOneChunkAndTimeoutBoundsTheWholeWait() throws Exception {
		TestBackend matched = backend("m");
		TestBackend longOne = backend("l");
		TestBackend timedOut = backend("t");
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "timeout = 2\n",
				ConfigFiles.connectService("m", matched, SHORT) + ConfigFiles.connectService("l", longOne, LONG)
						+ "[timeout]\nconnect = " + timedOut.target() + "\n");
		assertThat(Clients.exchange(port, SHORT)).isEqualTo("m:" + SHORT);
		Baseline idle = Baseline.of(daemon);

		ExecutorService drippers = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<String>> replies = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				// Even ones drip the short pattern well within the timeout, odd ones the long one far past it.
				boolean isShort = (i % 2 == 0);
				replies.add(drippers.submit(() -> isShort ? drip(port, SHORT, 100) : drip(port, LONG, 250)));
			}
			int asOneChunk = 0;
			int toTimeout = 0;
			for (int i = 0; i < CLIENTS; i++) {
				String reply = replies.get(i).get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
				if (i % 2 == 0) {
					// Tag and then every byte, echoed: decided by the pattern, nothing lost.
					assertThat(reply).isEqualTo("m:" + SHORT);
					asOneChunk++;
				}
				else {
					assertThat(reply).isEqualTo("t:" + LONG);
					toTimeout++;
				}
			}
			daemon.assertAlive();
			assertThat(longOne.acceptedCount()).isZero();
			ProcessMeter.Holding after = idle.awaitReturn(daemon);
			long heapAfter = idle.assertHeapReturned(daemon);
			assertThat(daemon.errorLines()).isEmpty();
			Report.line("slow drip", CLIENTS + " clients, one byte per 100 ms (8-byte pattern) or per 250 ms (40-byte pattern, 10 s against timeout = 2)",
					asOneChunk + " decided as one chunk, " + toTimeout + " sent to [timeout] (0 reached the 40-byte pattern); fds idle "
							+ idle.holding().fds() + ", after " + after.fds() + "; threads idle "
							+ idle.holding().threads() + ", after " + after.threads() + "; heap after GC idle "
							+ idle.heapKiB() / 1024 + " MiB, after " + heapAfter / 1024 + " MiB");
		}
		finally {
			drippers.shutdownNow();
		}
	}

	/** Sends {@code request} a byte at a time, then shuts output; returns the whole reply. */
	private static String drip(int port, String request, long pauseMillis) throws Exception {
		try (Socket socket = Clients.connect(port)) {
			OutputStream out = socket.getOutputStream();
			for (byte b : Clients.ascii(request)) {
				out.write(b);
				out.flush();
				Thread.sleep(pauseMillis);
			}
			socket.shutdownOutput();
			return Clients.text(Clients.readUntilEnd(socket));
		}
	}
}
