package io.portsplit;

import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

/**
 * Clients that connect and send while portsplit is still starting: the binds are open
 * before the Spring context (README "Signals and lifecycle"), so they wait in the kernel's backlog with their
 * whole first write already there, and are served once it is up. Their first writes run
 * well past the pattern, and one past the most read along with the decisive bytes
 * ({@code FirstBytesConnection.MAX_BEYOND}): every byte must reach the backend once and
 * in order.
 */
class EarlyClientsIT extends PortsplitTestBase {

	@Test
	void clientsWaitingInTheBacklogDuringStartAreServedWithEveryByteOfTheirFirstWrite() throws Exception {
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("early.pid");
		PortsplitProcess portsplit = launch(bind(port) + "pid = " + pid + "\n" + connectService("web", backend("web"), "GET\\20"))
			.naming("FILE")
			.pidFile(pid)
			.start();
		awaitListening(port);

		List<String> requests = List.of(request(10), request(10_000), request(40_000));
		List<Socket> clients = new ArrayList<>();
		for (String request : requests) {
			Socket client = closeLater(Clients.connect(port));
			client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			client.shutdownOutput();
			clients.add(client);
		}
		for (int i = 0; i < requests.size(); i++) {
			assertThat(new String(Clients.readAll(clients.get(i)), StandardCharsets.ISO_8859_1))
				.as("client %d (%d bytes), %s", i, requests.get(i).length(), portsplit.output())
				.isEqualTo("web:" + requests.get(i));
		}
		portsplit.awaitReady();
	}

	/** Until a connect completes: the early binds, long before the pid file (written once the context is up). */
	private static void awaitListening(int port) {
		Awaitility.await().atMost(Waits.START).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> {
			try (Socket probe = new Socket(FreePorts.IPV4, port)) {
				return true;
			}
		});
	}

	/** {@code GET } and then {@code size} bytes in which every position tells its offset. */
	private static String request(int size) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write("GET ".getBytes(StandardCharsets.ISO_8859_1));
		for (int i = 0; out.size() < size + 4; i++) {
			out.write(Integer.toString(i).getBytes(StandardCharsets.ISO_8859_1));
			out.write(',');
		}
		return new String(out.toByteArray(), 0, size + 4, StandardCharsets.ISO_8859_1);
	}
}
