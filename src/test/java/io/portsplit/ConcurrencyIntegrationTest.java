package io.portsplit;

import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/** Many clients at once, each routed by its own first bytes and relayed without mixing. */
class ConcurrencyIntegrationTest extends PortsplitTestBase {

	private static final int CLIENTS = 200;

	@Test
	void twoHundredConcurrentClientsAreEachRoutedToTheirService() throws Exception {
		TestBackend http = backend("http");
		TestBackend ssh = backend("ssh");
		TestBackend other = backend("other");
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + "timeout = 30\n" + connectService("http", http, "GET ", "POST ")
				+ connectService("ssh", ssh, "SSH-2.0-") + connectService("fallback", other));
		String[][] kinds = { { "http", "GET /" }, { "http", "POST /" }, { "ssh", "SSH-2.0-" }, { "other", "\u0016\u0003\u0001" } };
		CyclicBarrier together = new CyclicBarrier(CLIENTS);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<String>> results = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				String[] kind = kinds[i % kinds.length];
				int id = i;
				results.add(pool.submit((Callable<String>) () -> {
					SplittableRandom random = new SplittableRandom(id);
					StringBuilder body = new StringBuilder(kind[1]).append("client-").append(id).append(' ');
					int extra = random.nextInt(20_000);
					for (int k = 0; k < extra; k++) {
						body.append((char) ('a' + random.nextInt(26)));
					}
					byte[] request = body.toString().getBytes(StandardCharsets.ISO_8859_1);
					try (Socket socket = Clients.connect(port)) {
						together.await(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS);
						// First bytes in two pieces, so decisions interleave with other clients' reads.
						socket.getOutputStream().write(request, 0, 2);
						socket.getOutputStream().flush();
						Thread.sleep(random.nextInt(20));
						socket.getOutputStream().write(request, 2, request.length - 2);
						socket.shutdownOutput();
						String reply = Clients.text(Clients.readAll(socket));
						String expected = kind[0] + ":" + body;
						return reply.equals(expected) ? null
								: "client " + id + " expected " + kind[0] + " reply of " + expected.length() + " chars, got "
										+ reply.substring(0, Math.min(40, reply.length())) + "... (" + reply.length() + ")";
					}
				}));
			}
			List<String> failures = new ArrayList<>();
			for (Future<String> result : results) {
				String failure = result.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
				if (failure != null) {
					failures.add(failure);
				}
			}
			assertThat(failures).isEmpty();
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		assertThat(http.acceptedCount()).isEqualTo(CLIENTS / 2);
		assertThat(ssh.acceptedCount()).isEqualTo(CLIENTS / 4);
		assertThat(other.acceptedCount()).isEqualTo(CLIENTS / 4);
		Admission limiter = portsplit.bean(Admission.class);
		await().atMost(Waits.EFFECT).until(() -> limiter.open() == 0);
	}
}
