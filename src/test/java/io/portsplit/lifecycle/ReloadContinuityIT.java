package io.portsplit.lifecycle;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Payloads;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Signals and lifecycle": a reload does not interrupt service. A bind whose address is unchanged keeps its
 * socket, so a client connecting all through several reloads is never refused; and a
 * connection already relaying carries on, byte for byte, across reloads that change its
 * service's backend and remove the bind it came in on.
 */
class ReloadContinuityIT extends PortsplitTestBase {

	private static final int RELOADS = 6;

	/** Quiet connection lines: the tight loop would write thousands. */
	private static final String QUIET = "--logging.level.portsplit.connections=WARN";

	private static final long PAYLOAD_BYTES = 24L * 1024 * 1024;

	private static final long STALL_AFTER_BYTES = 1024 * 1024;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicBoolean stopClients = new AtomicBoolean();

	private TestBackend one;

	private TestBackend two;

	private PortsplitProcess daemon;

	@BeforeEach
	void stopClientsAfterwards() {
		// Registered first, so closed last: once the daemon and the backends are gone, which ends any client still going.
		closeLater(() -> {
			this.stopClients.set(true);
			this.threads.shutdownNow();
			assertThat(this.threads.awaitTermination(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS))
				.as("client threads ended")
				.isTrue();
		});
	}

	@Test
	void noConnectionIsRefusedOrDroppedAcrossSeveralReloads() throws Exception {
		this.one = backend("one");
		this.two = backend("two");
		int kept = FreePorts.ipv4();
		int toggled = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(configuration(0, kept, toggled, pid)).pidFile(pid).args(QUIET).daemon();

		AtomicInteger refused = new AtomicInteger();
		AtomicInteger routed = new AtomicInteger();
		Set<String> replies = ConcurrentHashMap.newKeySet();
		List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		Future<?> client = this.threads.submit(() -> {
			// Bounded: it ends when told, after at most this many connections, or on the first surprise.
			for (int i = 0; i < 200_000 && !this.stopClients.get() && failures.isEmpty(); i++) {
				try {
					String reply = Probes.request(kept, "PING");
					if (reply.equals("one:PING") || reply.equals("two:PING")) {
						replies.add(reply);
						routed.incrementAndGet();
					}
					else {
						failures.add("connection " + i + ": reply '" + reply + "'");
					}
				}
				catch (ConnectException ex) {
					refused.incrementAndGet();
				}
				catch (IOException | AssertionError ex) {
					failures.add("connection " + i + ": " + ex);
				}
			}
		});

		StringBuilder duringReloads = new StringBuilder();
		for (int reload = 1; reload <= RELOADS; reload++) {
			awaitMoreConnections(routed, client);
			this.daemon.rewrite(configuration(reload, kept, toggled, pid));
			int before = routed.get();
			this.daemon.reload();
			duringReloads.append(' ').append(routed.get() - before);
			// The toggled bind follows the file: added on odd reloads, removed on even ones.
			assertThat(Probes.isRefused(toggled)).isEqualTo(reload % 2 == 0);
		}
		awaitMoreConnections(routed, client);
		this.stopClients.set(true);
		client.get(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS);

		// For the record, not asserted (it depends on speed): connections completed from SIGHUP to its log line.
		System.out.printf("ReloadContinuityIT: %d connections routed, %d refused, across %d reloads; during each:%s%n",
				routed.get(), refused.get(), RELOADS, duringReloads);
		assertThat(failures).isEmpty();
		assertThat(refused.get()).as("connections refused").isZero();
		assertThat(replies).as("both services' backends were used").containsExactlyInAnyOrder("one:PING", "two:PING");
		assertThat(this.daemon.stdoutLines(line -> line.contains("reloaded "))).hasSize(RELOADS);
		assertThat(this.daemon.isAlive()).isTrue();
	}

	@Test
	void transferInFlightCompletesIntactAcrossReloads() throws Exception {
		CountDownLatch uploadStalled = new CountDownLatch(1);
		CountDownLatch resumeUpload = new CountDownLatch(1);
		CountDownLatch downloadStalled = new CountDownLatch(1);
		CountDownLatch resumeDownload = new CountDownLatch(1);
		CompletableFuture<Payloads.Summary> backendReceived = new CompletableFuture<>();
		CompletableFuture<String> backendSent = new CompletableFuture<>();
		this.one = backend(connection -> {
			// Reads 1 MB, waits while the test reloads, then reads the rest.
			InputStream in = connection.in();
			MessageDigest digest = Payloads.sha256();
			byte[] buffer = new byte[64 * 1024];
			long total = 0;
			int n;
			while ((n = in.read(buffer)) >= 0) {
				digest.update(buffer, 0, n);
				total += n;
				if (total >= STALL_AFTER_BYTES && uploadStalled.getCount() > 0) {
					uploadStalled.countDown();
					await(resumeUpload);
				}
			}
			backendReceived.complete(new Payloads.Summary(total, HexFormat.of().formatHex(digest.digest())));
			// Sends 1 MB, waits while the test reloads again, then sends the rest.
			OutputStream stalling = new StallingStream(connection.out(), STALL_AFTER_BYTES, downloadStalled, resumeDownload);
			backendSent.complete(Payloads.write(stalling, PAYLOAD_BYTES, 7));
			connection.socket().shutdownOutput();
		});
		this.two = backend("two");
		int kept = FreePorts.ipv4();
		int removed = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		String before = ConfigFiles.bind(kept) + ConfigFiles.bind(removed) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("bulk", this.one, "BULK");
		this.daemon = launch(before).pidFile(pid).args(QUIET).daemon();

		Socket client = closeLater(Clients.connect(removed));
		client.setSoTimeout((int) Waits.BULK.toMillis());
		Future<String> upload = this.threads.submit(() -> {
			String sha = Payloads.write(client.getOutputStream(), Clients.ascii("BULK"), PAYLOAD_BYTES, 3);
			client.shutdownOutput();
			return sha;
		});
		Future<Payloads.Summary> download = this.threads.submit(() -> Payloads.read(client.getInputStream()));

		// Mid-upload: the service moves to another backend and the client's bind goes.
		await(uploadStalled);
		this.daemon.rewrite(ConfigFiles.bind(kept) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("bulk", this.two, "BULK"));
		this.daemon.reload();
		assertThat(Probes.isRefused(removed)).isTrue();
		assertThat(Probes.request(kept, "BULK")).isEqualTo("two:BULK");
		resumeUpload.countDown();

		// Mid-download: one more reload, adding a bind and a pattern.
		await(downloadStalled);
		this.daemon.rewrite(ConfigFiles.bind(kept) + ConfigFiles.bind(removed) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("bulk", this.two, "BULK", "MORE"));
		this.daemon.reload();
		assertThat(Probes.request(removed, "MORE")).isEqualTo("two:MORE");
		resumeDownload.countDown();

		String sentByClient = upload.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
		Payloads.Summary receivedByClient = download.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
		client.close();
		Payloads.Summary received = backendReceived.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(received.bytes()).isEqualTo(PAYLOAD_BYTES + 4);
		assertThat(received.sha256()).isEqualTo(sentByClient);
		assertThat(receivedByClient.bytes()).isEqualTo(PAYLOAD_BYTES);
		assertThat(receivedByClient.sha256()).isEqualTo(backendSent.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS));
		assertThat(this.one.acceptedCount()).isEqualTo(1);
	}

	/**
	 * Binds {@code kept} always and {@code toggled} after odd reloads; the one service's
	 * backend alternates between the two backends.
	 */
	private String configuration(int reload, int kept, int toggled, Path pid) {
		String binds = ConfigFiles.bind(kept) + ((reload % 2 == 1) ? ConfigFiles.bind(toggled) : "");
		TestBackend backend = (reload % 2 == 0) ? this.one : this.two;
		return binds + ConfigFiles.pidLine(pid) + ConfigFiles.connectService("ping", backend, "PING");
	}

	/** Lets the client loop make a few more connections, so that it spans every reload. */
	private static void awaitMoreConnections(AtomicInteger routed, Future<?> client) {
		int target = routed.get() + 20;
		Awaitility.await()
			.atMost(Waits.SIGNAL)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> client.isDone() || routed.get() >= target);
		assertThat(client.isDone()).as("client loop ended early").isFalse();
	}

	private static void await(CountDownLatch latch) throws InterruptedException {
		if (!latch.await(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("not reached within " + Waits.BULK);
		}
	}

	/** Passes bytes through, stopping once after {@code after} bytes until {@code resume}. */
	private static final class StallingStream extends FilterOutputStream {

		private final long after;

		private final CountDownLatch stalled;

		private final CountDownLatch resume;

		private long written;

		StallingStream(OutputStream out, long after, CountDownLatch stalled, CountDownLatch resume) {
			super(out);
			this.after = after;
			this.stalled = stalled;
			this.resume = resume;
		}

		@Override
		public void write(byte[] data, int offset, int length) throws IOException {
			this.out.write(data, offset, length);
			this.written += length;
			if (this.written >= this.after && this.stalled.getCount() > 0) {
				this.out.flush();
				this.stalled.countDown();
				try {
					await(this.resume);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted", ex);
				}
			}
		}
	}
}
