package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.LogCapture;
import io.portsplit.support.Payloads;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Transcript;
import io.portsplit.support.Waits;

/** README "Actions" (connect): the connect action's relay, with real sockets on both sides. */
class RelayIntegrationTest extends PortsplitTestBase {

	private static final int MB = 1024 * 1024;

	@Test
	void twentyMegabytesEachWayAtTheSameTimeArriveIntact() throws Exception {
		long size = 20L * MB;
		CompletableFuture<Payloads.Summary> backendGot = new CompletableFuture<>();
		CompletableFuture<String> backendSent = new CompletableFuture<>();
		TestBackend backend = backend(connection -> {
			CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
				try {
					backendGot.complete(Payloads.read(connection.in()));
				}
				catch (IOException ex) {
					backendGot.completeExceptionally(ex);
				}
			});
			backendSent.complete(Payloads.write(connection.out(), size, 2));
			connection.socket().shutdownOutput();
			reading.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
		});
		int port = FreePorts.ipv4();
		portsplit(bind(port) + connectService("bulk", backend, "BULK"));
		try (Socket client = Clients.connect(port)) {
			CompletableFuture<String> clientSent = CompletableFuture.supplyAsync(() -> {
				try {
					String sha = Payloads.write(client.getOutputStream(), ascii("BULK"), size, 1);
					client.shutdownOutput();
					return sha;
				}
				catch (IOException ex) {
					throw new RuntimeException(ex);
				}
			});
			Payloads.Summary clientGot = Payloads.read(client.getInputStream());
			assertThat(clientGot.bytes()).isEqualTo(size);
			assertThat(clientGot.sha256()).isEqualTo(backendSent.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS));
			Payloads.Summary received = backendGot.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(received.bytes()).isEqualTo(size + 4);
			assertThat(received.sha256()).isEqualTo(clientSent.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS));
		}
	}

	@Test
	void aClientThatShutsItsOutputStillReceivesTheWholeReply() throws Exception {
		long replySize = 8L * MB;
		CompletableFuture<String> replySha = new CompletableFuture<>();
		TestBackend backend = backend(connection -> {
			connection.readUntilEof();
			replySha.complete(Payloads.write(connection.out(), replySize, 3));
		});
		int port = FreePorts.ipv4();
		portsplit(bind(port) + connectService("http", backend, "GET "));
		String request = "GET /big HTTP/1.0\r\n\r\n";
		try (Socket client = Clients.connect(port)) {
			client.getOutputStream().write(ascii(request));
			client.shutdownOutput();
			Payloads.Summary reply = Payloads.read(client.getInputStream());
			assertThat(reply.bytes()).isEqualTo(replySize);
			assertThat(reply.sha256()).isEqualTo(replySha.get(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS));
		}
		TestBackend.Connection relayed = backend.nextConnection(Waits.EFFECT);
		// The backend saw end of stream right after the request, before it replied.
		assertThat(text(relayed.awaitReceivedAll(Waits.EFFECT))).isEqualTo(request);
		relayed.awaitFinished(Waits.EFFECT);
	}

	@Test
	void aBackendThatShutsItsOutputStillReceivesWhatTheClientSendsAfterwards() throws Exception {
		CountDownLatch bannerSent = new CountDownLatch(1);
		TestBackend backend = backend(connection -> {
			connection.out().write(ascii("bye from the backend"));
			connection.socket().shutdownOutput();
			bannerSent.countDown();
			connection.readUntilEof();
		});
		int port = FreePorts.ipv4();
		portsplit(bind(port) + connectService("s", backend, "HELLO"));
		try (Socket client = Clients.connect(port)) {
			OutputStream out = client.getOutputStream();
			out.write(ascii("HELLO"));
			assertThat(text(Clients.readAll(client))).as("everything up to the backend's end of stream")
				.isEqualTo("bye from the backend");
			// The other direction keeps flowing.
			byte[] more = new byte[3 * MB];
			for (int i = 0; i < more.length; i++) {
				more[i] = (byte) (i * 31);
			}
			out.write(more);
			out.write(ascii("END"));
			client.shutdownOutput();
			byte[] received = backend.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT);
			assertThat(received.length).isEqualTo(5 + more.length + 3);
			assertThat(text(received).substring(0, 5)).isEqualTo("HELLO");
			assertThat(text(received).substring(received.length - 3)).isEqualTo("END");
			assertThat(java.util.Arrays.copyOfRange(received, 5, 5 + more.length)).isEqualTo(more);
			// Both directions ended: portsplit closes the client.
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void aRefusedBackendClosesItsClientAndOtherServicesKeepWorking() throws Exception {
		TestBackend http = backend("http");
		int dead = FreePorts.ipv4();
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "[dead]\nstring = DEAD\nconnect = 127.0.0.1:" + dead + "\n"
				+ connectService("http", http, "GET"));
		for (int i = 0; i < 3; i++) {
			try (Socket client = Clients.connect(port)) {
				client.getOutputStream().write(ascii("DEAD"));
				assertThat(Clients.readUntilEnd(client)).isEmpty();
			}
			assertThat(Clients.exchange(port, "GET /" + i)).isEqualTo("http:GET /" + i);
		}
	}

	@Test
	void aResetByTheClientClosesTheBackendConnection() throws Exception {
		TestBackend backend = backend(connection -> connection.readUntilEof());
		int port = FreePorts.ipv4();
		portsplit(bind(port) + connectService("s", backend, "GET"));
		Socket client = closeLater(Clients.connect(port));
		client.getOutputStream().write(ascii("GET /then reset"));
		TestBackend.Connection relayed = backend.nextConnection(Waits.EFFECT);
		await().atMost(Waits.EFFECT).until(() -> text(relayed.receivedSoFar()).equals("GET /then reset"));
		client.setSoLinger(true, 0);
		client.close();
		Throwable outcome = relayed.awaitOutcome(Waits.EFFECT);
		assertThat(outcome == null || outcome instanceof SocketException)
			.as("the backend's connection ended (end of stream or reset), not timed out: %s", outcome)
			.isTrue();
	}

	/**
	 * README "Actions" (connect): a reset on either side closes both. The backend echoes the
	 * first bytes and resets at once; what portsplit had not read of the echo when the reset
	 * came is dropped by the kernel, so the client may get all of the echo or none of it. The
	 * client's connection ends (an end of stream, or a reset); what it got is a prefix of the
	 * echo, all that portsplit sent it unless a reset overtook it; portsplit ends the pair on the
	 * error and gives its slot back.
	 */
	@Test
	void aResetByTheBackendClosesTheClientConnection() throws Exception {
		TestBackend backend = backend(connection -> {
			byte[] request = connection.in().readNBytes(3);
			connection.out().write(request);
			connection.out().flush();
			connection.socket().setSoLinger(true, 0);
			connection.socket().close();
		});
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + connectService("s", backend, "GET"));
		LogCapture connections = closeLater(LogCapture.of("portsplit.connections", Level.INFO));
		Transcript transcript;
		boolean endOfStream;
		try (Socket client = Clients.connect(port)) {
			client.getOutputStream().write(ascii("GET"));
			transcript = new Transcript(client);
			try {
				transcript.readToEnd(Waits.EFFECT);
				endOfStream = true;
			}
			catch (SocketException reset) {
				endOfStream = false;
			}
		}
		String got = transcript.text();
		assertThat("GET").as("the echo, and what the client got of it").startsWith(got);

		String ended = connections.await(message -> message.contains(" ended: "), Waits.EFFECT).getFormattedMessage();
		Matcher counts = Pattern.compile(" ended: 3 bytes from client, (\\d+) bytes to client, \\d+ ms, error: ")
			.matcher(ended);
		assertThat(counts.find()).as("ended on an error: %s", ended).isTrue();
		int sent = Integer.parseInt(counts.group(1));
		if (endOfStream) {
			assertThat(got).as("everything sent before an end of stream arrives").hasSize(sent);
		}
		else {
			assertThat(got.length()).as("a reset may drop what was sent, never add to it").isLessThanOrEqualTo(sent);
		}
		Admission admission = portsplit.bean(Admission.class);
		await().atMost(Waits.EFFECT).until(() -> admission.open() == 0);
	}

	@Test
	void aBackendThatStopsReadingStopsPortsplitReadingTheClient() throws Exception {
		long attempt = 200L * MB;
		CountDownLatch startReading = new CountDownLatch(1);
		AtomicLong consumed = new AtomicLong();
		TestBackend slow = backend(connection -> {
			if (!startReading.await(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("never told to read");
			}
			InputStream in = connection.in();
			byte[] buffer = new byte[256 * 1024];
			int n;
			while ((n = in.read(buffer)) >= 0) {
				consumed.addAndGet(n);
			}
		});
		TestBackend http = backend("http");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + connectService("upload", slow, "PUT ") + connectService("http", http, "GET "));

		Socket client = closeLater(Clients.connect(port));
		AtomicLong written = new AtomicLong();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try {
				OutputStream out = client.getOutputStream();
				out.write(ascii("PUT "));
				written.addAndGet(4);
				byte[] chunk = new byte[64 * 1024];
				while (written.get() < attempt) {
					out.write(chunk);
					written.addAndGet(chunk.length);
				}
				client.shutdownOutput();
			}
			catch (IOException ex) {
				throw new RuntimeException(ex);
			}
		});
		slow.nextConnection(Waits.EFFECT);
		long stalledAt = awaitStall(written, writer);
		assertThat(writer).as("the client could not push all of it into portsplit").isNotDone();
		// What the kernel can hold on the way (client send buffer, portsplit's receive and
		// send buffers, the backend's receive buffer) plus portsplit's own bounded share;
		// typically about 10 MiB here. Without backpressure all 200 MiB would be taken.
		long bound = kernelBufferBound() + 4L * MB;
		assertThat(stalledAt).as("bytes accepted from the client while the backend reads nothing (bound %d)", bound)
			.isLessThan(bound);

		// Meanwhile other clients are served.
		assertThat(Clients.exchange(port, "GET /meanwhile")).isEqualTo("http:GET /meanwhile");

		startReading.countDown();
		writer.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
		await().atMost(Waits.EFFECT).until(() -> consumed.get() == written.get());
		assertThat(written.get()).isGreaterThanOrEqualTo(attempt);
	}

	/** The most the kernel may buffer on the path: one autotuned receive and one send buffer at most, twice. */
	private static long kernelBufferBound() {
		return 2 * (sysctlMax("/proc/sys/net/ipv4/tcp_rmem", 6L * MB) + sysctlMax("/proc/sys/net/ipv4/tcp_wmem", 4L * MB));
	}

	private static long sysctlMax(String file, long otherwise) {
		try {
			String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim().split("\\s+");
			return Math.min(Long.parseLong(fields[2]), 64L * MB);
		}
		catch (IOException | RuntimeException ex) {
			return otherwise;
		}
	}

	/** Waits until the writer has made no progress over several consecutive looks, and returns where. */
	private static long awaitStall(AtomicLong written, CompletableFuture<Void> writer) throws InterruptedException {
		long last = -1;
		int unchanged = 0;
		for (int i = 0; i < 240 && unchanged < 6; i++) {
			Thread.sleep(250);
			long now = written.get();
			if (writer.isDone()) {
				break;
			}
			unchanged = (now == last) ? unchanged + 1 : 0;
			last = now;
		}
		return written.get();
	}
}
