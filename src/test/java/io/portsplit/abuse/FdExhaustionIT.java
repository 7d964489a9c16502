package io.portsplit.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 3, fd exhaustion: portsplit under a low
 * {@code ulimit -n}, flooded past it. It must neither die nor spin (CPU time over a window far
 * below one busy core: behaviour, the bound is generous), must say it backs off, and must
 * serve again once the flood lets go.
 */
class FdExhaustionIT extends AbuseTestBase {

	/** Room for the JVM's jars and its idle descriptors (about 15), and a couple of hundred clients. */
	private static final int LIMIT = 256;

	private static final int FLOOD = LIMIT + Scale.of(200, 2_000);

	private static final Duration WINDOW = Duration.ofSeconds(5);

	@Test
	void pastTheDescriptorLimitItBacksOffWithoutSpinningAndServesAgain() throws Exception {
		TestBackend backend = backend("b");
		int port = FreePorts.ipv4();
		String[] lowLimit = { "sh", "-c", "ulimit -n " + LIMIT + " && exec \"$@\"", "sh" };
		PortsplitProcess daemon = abusedUnder(lowLimit, port, "timeout = 0\nmaxconn = " + (FLOOD * 2) + "\n",
				ConfigFiles.connectService("b", backend, "HELLO"));
		ProcessMeter meter = new ProcessMeter(daemon.pid());
		assertThat(Clients.exchange(port, "HELLO")).isEqualTo("b:HELLO");
		Baseline idle = Baseline.of(daemon);

		List<SocketChannel> flood = new ArrayList<>(FLOOD);
		long spentTicks;
		int fdsAtLimit;
		try {
			for (int i = 0; i < FLOOD; i++) {
				// Not waiting for the handshake: past the backlog the kernel drops SYNs and a blocking connect would stall.
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				channel.connect(new InetSocketAddress(FreePorts.IPV4, port));
				flood.add(channel);
			}
			Awaitility.await()
				.atMost(Waits.BULK)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !daemon.stdoutLines(line -> line.contains("backing off")).isEmpty());
			fdsAtLimit = meter.fds();
			long before = meter.cpuTicks();
			Thread.sleep(WINDOW.toMillis());
			spentTicks = meter.cpuTicks() - before;
			daemon.assertAlive();
			long busyLoopTicks = WINDOW.toSeconds() * ProcessMeter.ticksPerSecond();
			assertThat(spentTicks).as("CPU ticks of portsplit over %s at the limit", WINDOW)
				.isLessThan(busyLoopTicks / 2);
		}
		finally {
			for (SocketChannel channel : flood) {
				channel.close();
			}
		}

		// Back-off is at most 1 s, and the backlog drains of closed clients: a normal client is served again.
		Awaitility.await()
			.atMost(Waits.BULK)
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptionsInstanceOf(IOException.class)
			.until(() -> Clients.exchange(port, "HELLO again").equals("b:HELLO again"));
		for (int i = 0; i < 20; i++) {
			assertThat(Clients.exchange(port, "HELLO " + i)).isEqualTo("b:HELLO " + i);
		}
		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		assertThat(daemon.errorLines()).isEmpty();
		Report.line("fd exhaustion", "ulimit -n " + LIMIT + ", " + FLOOD + " clients connect and hold",
				"alive; logged back-off; fds at the limit " + fdsAtLimit + "; CPU " + spentTicks + " ticks in "
						+ WINDOW.toSeconds() + " s (busy core: " + WINDOW.toSeconds() * ProcessMeter.ticksPerSecond()
						+ "); served 21 clients after; fds idle " + idle.holding().fds() + ", after " + after.fds()
						+ "; threads idle " + idle.holding().threads() + ", after " + after.threads()
						+ "; heap after GC idle " + idle.heapKiB() / 1024 + " MiB, after " + heapAfter / 1024 + " MiB");
	}
}
