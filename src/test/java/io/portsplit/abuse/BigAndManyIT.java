package io.portsplit.abuse;

import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.Payloads;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 7, big and many: 1,000 proxied connections open
 * at once, each carrying its own payload in both directions at the same time; SHA-256 on both
 * ends shows 0 bytes lost or altered.
 */
class BigAndManyIT extends AbuseTestBase {

	private static final int CONNECTIONS = 1_000;

	private static final long BYTES_EACH_WAY = Scale.of(64 * 1024, 1024 * 1024);

	@Test
	void aThousandConcurrentTransfersBothWaysArriveIntact() throws Exception {
		ChecksumBackend checksums = new ChecksumBackend(BYTES_EACH_WAY);
		TestBackend backend = backend(checksums.handler());
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "maxconn = " + (CONNECTIONS + 100) + "\n",
				"[bulk]\nstring = " + ChecksumBackend.PATTERN + "\nconnect = " + backend.target() + "\n");
		ProcessMeter meter = new ProcessMeter(daemon.pid());
		try (Socket warmUp = Clients.connect(port)) {
			// No fallback: closed without a byte (a reset, since what it sent was never read).
			warmUp.getOutputStream().write(Clients.ascii("nothing"));
			assertThat(Clients.readUntilEnd(warmUp)).isEmpty();
		}
		Baseline idle = Baseline.of(daemon);

		List<Socket> sockets = new ArrayList<>(CONNECTIONS);
		String[] upDigests = new String[CONNECTIONS];
		Payloads.Summary[] downReceived = new Payloads.Summary[CONNECTIONS];
		AtomicReference<Throwable> failure = new AtomicReference<>();
		int peakFds;
		try {
			// All open and decided before any payload moves: they are concurrent for sure.
			for (int id = 0; id < CONNECTIONS; id++) {
				Socket socket = Clients.connect(port);
				sockets.add(socket);
				socket.getOutputStream().write(ChecksumBackend.header(id));
			}
			// Each one relayed holds a client and a backend socket in portsplit.
			Awaitility.await()
				.atMost(Waits.BULK)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> meter.fds() >= idle.holding().fds() + 2 * CONNECTIONS);
			peakFds = meter.fds();
			List<Thread> threads = new ArrayList<>();
			for (int id = 0; id < CONNECTIONS; id++) {
				int i = id;
				Socket socket = sockets.get(id);
				threads.add(start("up-" + id, failure, () -> {
					OutputStream out = socket.getOutputStream();
					upDigests[i] = Payloads.write(out, BYTES_EACH_WAY, i);
					socket.shutdownOutput();
				}));
				threads.add(start("down-" + id, failure, () -> downReceived[i] = Payloads.read(socket.getInputStream())));
			}
			for (Thread thread : threads) {
				thread.join(Waits.BULK.toMillis());
				assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		assertThat(failure.get()).isNull();

		int intact = 0;
		long moved = 0;
		for (int id = 0; id < CONNECTIONS; id++) {
			String expectedDown = Payloads.write(OutputStream.nullOutputStream(), BYTES_EACH_WAY,
					ChecksumBackend.DOWN_SEED_OFFSET + id);
			assertThat(downReceived[id]).isEqualTo(new Payloads.Summary(BYTES_EACH_WAY, expectedDown));
			assertThat(checksums.receivedBy(id)).isEqualTo(new Payloads.Summary(BYTES_EACH_WAY, upDigests[id]));
			intact++;
			moved += 2 * BYTES_EACH_WAY;
		}
		daemon.assertAlive();
		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		assertThat(daemon.errorLines()).isEmpty();
		Report.line("big and many", CONNECTIONS + " concurrent connections, " + BYTES_EACH_WAY / 1024
				+ " KiB each way at once (" + moved / (1024 * 1024) + " MiB in all)",
				intact + "/" + CONNECTIONS + " intact both ways (SHA-256), 0 bytes lost or altered; fds idle "
						+ idle.holding().fds() + ", all open at once " + peakFds + ", after " + after.fds() + "; threads idle "
						+ idle.holding().threads() + ", after " + after.threads() + "; heap after GC idle "
						+ idle.heapKiB() / 1024 + " MiB, after " + heapAfter / 1024 + " MiB");
	}

	@FunctionalInterface
	private interface Work {

		void run() throws Exception;
	}

	private static Thread start(String name, AtomicReference<Throwable> failure, Work work) {
		Thread thread = new Thread(null, () -> {
			try {
				work.run();
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, new AssertionError(name + " failed", ex));
			}
		}, name, 256 * 1024);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}
}
