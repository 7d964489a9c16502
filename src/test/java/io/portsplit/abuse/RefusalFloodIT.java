package io.portsplit.abuse;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", refusal flood: tens of thousands of connections turned
 * away at accept, from a source that {@code deny} names and from one far over
 * {@code rate-per-source}, while clients that may connect keep being served; then a burst
 * from thousands of distinct sources, each with its own rate state.
 * <p>
 * A refusal must cost a counter, not a log line and not memory: every one is counted under
 * its reason in the Prometheus text, the log gives each reason at most
 * {@value #LINES_PER_SECOND} lines a second and accounts for the rest in summary lines, the
 * sources tracked for the per-source limits never exceed the sources seen and fall back to 0
 * once they are quiet, and descriptors, threads and heap come back to idle.
 * <p>
 * Every client that may connect comes from an address of its own (127.1.x.y), since every
 * source is held to {@code rate-per-source}: one address would be refused by the very limit
 * under test.
 */
class RefusalFloodIT extends AbuseTestBase {

	/** Connections from the denied source. */
	private static final int DENIED = Scale.of(10_000, 50_000);

	/** Connections from the source over its rate. */
	private static final int HAMMERED = Scale.of(10_000, 50_000);

	/** Clients that may connect, served one after another through the flood. */
	private static final int ALLOWED = Scale.of(200, 500);

	/** Distinct sources of the burst after the flood, one connection each. */
	private static final int SOURCES = Scale.of(3_000, 10_000);

	private static final int RATE = 5;

	/** Lines of their own that a reason of refusal is given per second; past them, refusals are counted. */
	private static final int LINES_PER_SECOND = 5;

	/** The most sources the per-source limits track ({@code PerSourceLimiter.DEFAULT_MAX_SOURCES}, above maxconn). */
	private static final int TRACKED_CAP = 65_536;

	/** Client threads per flooding source. */
	private static final int WORKERS = 2;

	private static final String DENIED_SOURCE = "127.0.0.66";

	private static final String FAST_SOURCE = "127.0.0.77";

	private static final String FAST_REQUEST = "GET /fast";

	@Test
	void refusalsAreCountedSummarisedAndForgottenWhileOthersAreServed() throws Exception {
		TestBackend backend = backend("b");
		int port = FreePorts.ipv4();
		int managementPort = FreePorts.ipv4();
		PortsplitProcess daemon = abusedWithManagement(port, managementPort,
				"maxconn = 4096\ndeny = " + DENIED_SOURCE + "\nrate-per-source = " + RATE + "\n",
				ConfigFiles.connectService("web", backend, "GET"));
		ManagementHttp metrics = new ManagementHttp(managementPort);
		Awaitility.await().atMost(Waits.START).pollInterval(Waits.POLL).ignoreExceptions()
			.until(() -> metrics.get("/actuator/prometheus").statusCode() == 200);
		assertServed(port, address(1, ALLOWED), "GET /warm-up");
		awaitSourcesTracked(metrics, 0);
		Baseline idle = Baseline.of(daemon);

		Flood flood = new Flood(port);
		long floodNanos = flood.run();
		assertThat(flood.allowedServed).isEqualTo(ALLOWED);
		assertThat(flood.fastServed.get()).as("a burst of %s and %s a second", RATE, RATE).isPositive();

		int mostTracked = burstFromDistinctSources(port, metrics);
		awaitSourcesTracked(metrics, 0);

		long rateRefused = HAMMERED - flood.fastServed.get();
		awaitCount(metrics, "acl", DENIED);
		awaitCount(metrics, "rate", rateRefused);
		for (String reason : List.of("maxconn", "source_limit", "service_limit", "proxy_header", "no_match", "timeout",
				"backend", "exec")) {
			assertThat(rejected(metrics, reason)).as(reason).isZero();
		}
		// Everything else was admitted: the warm-up, the allowed clients, the fast source's served ones, the burst.
		assertThat((long) metrics.prometheus("portsplit_connections_accepted_total"))
			.isEqualTo(1 + ALLOWED + flood.fastServed.get() + SOURCES);

		// A reason's windows of lines start at least a second apart: one per whole second of the flood, and one more.
		long floodSeconds = TimeUnit.NANOSECONDS.toSeconds(floodNanos) + 1;
		RefusalLines acl = awaitAccounted(daemon, Admission.Refusal.ACL, DENIED);
		RefusalLines rate = awaitAccounted(daemon, Admission.Refusal.RATE, rateRefused);
		for (RefusalLines lines : List.of(acl, rate)) {
			assertThat((long) lines.single()).as("%s in %s s", lines, floodSeconds)
				.isLessThanOrEqualTo(LINES_PER_SECOND * (floodSeconds + 1));
			assertThat(lines.summaries()).as(lines.toString()).isPositive();
		}
		assertThat(daemon.errorLines()).isEmpty();

		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		String took = String.format(Locale.ROOT, "%.1f s", floodNanos / 1e9);
		Report.line("refusal flood",
				DENIED + " from a denied source and " + HAMMERED + " from one source over rate-per-source = " + RATE + " ("
						+ WORKERS + " threads each, " + took + "), " + ALLOWED + " allowed clients during it, then "
						+ SOURCES + " distinct sources one connection each",
				DENIED + " acl + " + rateRefused + " rate refusals, the Prometheus counters equal to what was refused; "
						+ ALLOWED + "/" + ALLOWED + " allowed served; log lines: acl " + acl.lines() + " ("
						+ acl + "), rate " + rate.lines() + " (" + rate + "); sources tracked at most " + mostTracked
						+ ", 0 when quiet; fds idle " + idle.holding().fds() + ", after " + after.fds()
						+ "; threads idle " + idle.holding().threads() + ", after " + after.threads()
						+ "; heap after GC idle " + idle.heapKiB() / 1024 + " MiB, after " + heapAfter / 1024 + " MiB");
	}

	/**
	 * One connection from each of {@link #SOURCES} addresses (127.2.x.y), saying nothing; reads
	 * the gauge of tracked sources every 250 and returns the highest reading, each one within
	 * the sources seen so far and the cap.
	 */
	private static int burstFromDistinctSources(int port, ManagementHttp metrics) throws Exception {
		// Seen before the burst: the warm-up, the allowed clients and the fast source (a denied one is never tracked).
		int seen = 1 + ALLOWED + 1;
		int most = 0;
		for (int n = 0; n < SOURCES; n++) {
			try (Socket quiet = Clients.connectFrom(address(2, n), port)) {
				quiet.shutdownOutput();
				assertThat(Clients.readUntilEnd(quiet)).isEmpty();
			}
			seen++;
			if ((n + 1) % 250 == 0) {
				int tracked = (int) metrics.prometheus("portsplit_sources_tracked");
				assertThat(tracked).as("after %s of the burst", n + 1).isLessThanOrEqualTo(Math.min(seen, TRACKED_CAP));
				most = Math.max(most, tracked);
			}
		}
		assertThat(most).as("the gauge counts the burst's sources while their buckets refill").isPositive();
		return most;
	}

	/** 127.{@code second}.x.y, the {@code n}th address of a range of distinct sources. */
	private static String address(int second, int n) {
		return "127." + second + "." + (n / 250) + "." + (1 + n % 250);
	}

	private static void assertServed(int port, String source, String request) throws IOException {
		assertThat(Clients.exchangeFrom(source, port, request)).as("from %s", source).isEqualTo("b:" + request);
	}

	private static long rejected(ManagementHttp metrics, String reason) throws Exception {
		return (long) metrics.prometheus("portsplit_connections_rejected_total", "reason", reason);
	}

	/** Counted after the client sees its refusal, so awaited. */
	private static void awaitCount(ManagementHttp metrics, String reason, long expected) {
		Awaitility.await().atMost(Waits.EFFECT).pollInterval(Waits.POLL)
			.untilAsserted(() -> assertThat(rejected(metrics, reason)).as(reason).isEqualTo(expected));
	}

	private static void awaitSourcesTracked(ManagementHttp metrics, int expected) {
		Awaitility.await().atMost(Waits.EFFECT).pollInterval(Waits.POLL)
			.untilAsserted(() -> assertThat(metrics.prometheus("portsplit_sources_tracked")).isEqualTo(expected));
	}

	/** A summary is written a second after the refusals it counts, so awaited. */
	private static RefusalLines awaitAccounted(PortsplitProcess daemon, Admission.Refusal refusal, long refusals) {
		RefusalLines[] last = new RefusalLines[1];
		Awaitility.await().atMost(Waits.EFFECT).pollInterval(Waits.POLL).untilAsserted(() -> {
			last[0] = RefusalLines.of(daemon, refusal);
			assertThat(last[0].accounted()).as("%s: %s", refusal.tag(), last[0]).isEqualTo(refusals);
		});
		return last[0];
	}

	/**
	 * The flood: {@link #WORKERS} threads from the denied source and as many from the fast one,
	 * and one thread serving the allowed clients, each when the flood has made its share of
	 * connections, so they are spread over the whole of it.
	 */
	private static final class Flood {

		private final int port;

		private final AtomicInteger made = new AtomicInteger();

		private final AtomicInteger fastServed = new AtomicInteger();

		private final AtomicBoolean over = new AtomicBoolean();

		private int allowedServed;

		Flood(int port) {
			this.port = port;
		}

		/** Runs it to the end; returns how long the flooding took, in nanoseconds. */
		long run() throws Exception {
			ExecutorService threads = Executors.newFixedThreadPool(2 * WORKERS + 1);
			try {
				Future<Integer> allowed = threads.submit(this::serveAllowed);
				long start = System.nanoTime();
				List<Future<?>> flooding = new ArrayList<>();
				for (int i = 0; i < WORKERS; i++) {
					flooding.add(threads.submit(() -> repeat(DENIED / WORKERS, this::denied)));
					flooding.add(threads.submit(() -> repeat(HAMMERED / WORKERS, this::fast)));
				}
				for (Future<?> worker : flooding) {
					get(worker);
				}
				long took = System.nanoTime() - start;
				this.over.set(true);
				this.allowedServed = get(allowed);
				return took;
			}
			finally {
				threads.shutdownNow();
			}
		}

		private Void repeat(int times, Connection connection) throws Exception {
			for (int i = 0; i < times; i++) {
				connection.make();
				this.made.incrementAndGet();
			}
			return null;
		}

		/** Refused at accept: closed without a byte. */
		private void denied() throws IOException {
			try (Socket client = Clients.connectFrom(DENIED_SOURCE, this.port)) {
				assertThat(Clients.readUntilEnd(client)).as("a denied client").isEmpty();
			}
		}

		/** Served in full, or refused at accept without a byte; nothing in between. */
		private void fast() throws IOException {
			try (Socket client = Clients.connectFrom(FAST_SOURCE, this.port)) {
				try {
					client.getOutputStream().write(Clients.ascii(FAST_REQUEST));
					client.shutdownOutput();
				}
				catch (SocketException refusedAlready) {
					return;
				}
				byte[] reply = Clients.readUntilEnd(client);
				if (reply.length > 0) {
					assertThat(Clients.text(reply)).isEqualTo("b:" + FAST_REQUEST);
					this.fastServed.incrementAndGet();
				}
			}
		}

		private int serveAllowed() throws Exception {
			int total = DENIED + HAMMERED;
			for (int k = 0; k < ALLOWED; k++) {
				long due = (long) k * total / ALLOWED;
				long deadline = System.nanoTime() + Waits.BULK.toNanos();
				while (this.made.get() < due && !this.over.get()) {
					if (System.nanoTime() - deadline > 0) {
						throw new AssertionError("the flood made " + this.made.get() + " connections, not " + due + ", in "
								+ Waits.BULK);
					}
					Thread.sleep(2);
				}
				assertServed(this.port, address(1, k), "GET /allowed-" + k);
			}
			return ALLOWED;
		}

		private static <T> T get(Future<T> task) throws Exception {
			try {
				return task.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof Exception cause) {
					throw cause;
				}
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw ex;
			}
		}

		@FunctionalInterface
		private interface Connection {

			void make() throws Exception;
		}
	}
}
