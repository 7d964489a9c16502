package io.portsplit.abuse;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 1, silent flood: thousands of clients connect
 * and say nothing. Each is closed without a byte once {@code timeout} expires (there is no
 * {@code [timeout]} service), a normal client is served in the middle of the flood, and
 * descriptors, threads and heap come back.
 */
class SilentFloodIT extends AbuseTestBase {

	private static final int CLIENTS = Scale.of(2_000, 10_000);

	@Test
	void everySilentClientIsClosedAtTheTimeoutAndOthersAreServedMeanwhile() throws Exception {
		TestBackend backend = backend("b");
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "timeout = 3\nmaxconn = " + (CLIENTS + 100) + "\n",
				ConfigFiles.connectService("b", backend, "HELLO"));
		ProcessMeter meter = new ProcessMeter(daemon.pid());
		assertServed(port);
		Baseline idle = Baseline.of(daemon);

		List<Socket> silent = new ArrayList<>(CLIENTS);
		int peakFds;
		try {
			for (int i = 0; i < CLIENTS; i++) {
				silent.add(Clients.connect(port));
			}
			assertServed(port);
			peakFds = meter.fds();

			int closedWithoutByte = 0;
			for (Socket client : silent) {
				// Each read ends at the close (or fails the test after the socket's read timeout).
				if (Clients.readUntilEnd(client).length == 0) {
					closedWithoutByte++;
				}
			}
			assertThat(closedWithoutByte).isEqualTo(CLIENTS);
		}
		finally {
			for (Socket client : silent) {
				client.close();
			}
		}
		assertServed(port);

		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		assertThat(daemon.errorLines()).isEmpty();
		Report.line("silent flood", CLIENTS + " clients connect and send nothing, timeout = 3",
				CLIENTS + "/" + CLIENTS + " closed without a byte; normal client served during; fds idle "
						+ idle.holding().fds() + ", peak " + peakFds + ", after " + after.fds() + "; threads idle "
						+ idle.holding().threads() + ", after " + after.threads() + "; heap after GC idle "
						+ idle.heapKiB() / 1024 + " MiB, after " + heapAfter / 1024 + " MiB");
	}

	private static void assertServed(int port) throws IOException {
		assertThat(Clients.exchange(port, "HELLO there")).isEqualTo("b:HELLO there");
	}
}
