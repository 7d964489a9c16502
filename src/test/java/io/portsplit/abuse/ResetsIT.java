package io.portsplit.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.ExecServices;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TESTING.md "Reliability under abuse", scenario 4: connections cut by a reset at every stage, on
 * either side. Clients reset mid-match, mid-transfer (to a backend and to an exec program) and
 * while the backend connect is still pending; backends reset at once, or accept and never
 * read. Afterwards the daemon holds what it held idle: descriptors, threads, no exec child,
 * heap after GC.
 */
class ResetsIT extends AbuseTestBase {

	private static final int REPEAT = Scale.of(30, 300);

	/** What a client pushes at a backend that never reads, before giving up with a reset. */
	private static final int DEAF_PUSH_LIMIT = 64 * 1024 * 1024;

	private final AtomicLong largestPushedToDeaf = new AtomicLong();

	@Test
	void resetsAtEveryStageLeakNothing() throws Exception {
		TestBackend echo = backend("e");
		TestBackend resetting = backend(connection -> {
			connection.in().read(new byte[16]);
			Resets.reset(connection.socket());
		});
		CountDownLatch deafMayClose = new CountDownLatch(1);
		TestBackend deaf = backend(connection -> {
			deafMayClose.await(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
			connection.socket().close();
		});
		StalledBackend stalled = closeLater(new StalledBackend());
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "timeout = 5\nmaxconn = 4096\n",
				ConfigFiles.connectService("echo", echo, "ECHO") + ConfigFiles.connectService("rst", resetting, "RSTB")
						+ ConfigFiles.connectService("deaf", deaf, "DEAF") + "[slow]\nstring = SLOW\nconnect = "
						+ stalled.target() + "\n" + ExecServices.exec("cat", "EXEC", "/bin/cat"));
		assertThat(Clients.exchange(port, "ECHO")).isEqualTo("e:ECHO");
		assertThat(Clients.exchange(port, "EXEC hi")).isEqualTo("EXEC hi");
		Baseline idle = Baseline.of(daemon);

		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> all = new ArrayList<>();
			for (int i = 0; i < REPEAT; i++) {
				all.add(clients.submit(() -> midMatch(port)));
				all.add(clients.submit(() -> midTransfer(port, "ECHO", 2)));
				all.add(clients.submit(() -> midTransfer(port, "EXEC", 0)));
				all.add(clients.submit(() -> whileBackendConnects(port)));
				all.add(clients.submit(() -> backendResets(port)));
				all.add(clients.submit(() -> backendNeverReads(port)));
			}
			for (Future<?> client : all) {
				client.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		daemon.assertAlive();
		assertThat(Clients.exchange(port, "ECHO after")).isEqualTo("e:ECHO after");
		// A pair stalled on a backend that never reads does not notice its client's reset
		// (see clientResetAloneFreesAPairStalledOnADeafBackend); it ends when the backend does.
		deafMayClose.countDown();

		ProcessMeter.Holding after = idle.awaitReturn(daemon);
		long heapAfter = idle.assertHeapReturned(daemon);
		assertThat(daemon.errorLines()).isEmpty();
		Report.line("resets", REPEAT + " x 6 kinds: client RST mid-match, mid-transfer (backend, exec /bin/cat), "
				+ "while the backend connect is pending; backend RST; backend never reads",
				"alive; most pushed at a never-reading backend before the client gave up: "
						+ this.largestPushedToDeaf.get() / 1024 + " KiB; fds idle " + idle.holding().fds()
						+ ", after " + after.fds() + "; threads idle " + idle.holding().threads() + ", after "
						+ after.threads() + "; children idle " + idle.holding().children() + ", after "
						+ after.children() + "; heap after GC idle " + idle.heapKiB() / 1024 + " MiB, after "
						+ heapAfter / 1024 + " MiB");
	}

	/**
	 * README "Actions" (connect) "a reset on either side closes both", for a client whose
	 * direction is paused for backpressure. The relay does not select a paused source, and
	 * Java's selector drops a key with no interest from epoll, so no reset on it is reported:
	 * only the relay's probe of such sides ({@code TcpInfo}) frees the pair before the
	 * backend closes.
	 */
	@Test
	void clientResetAloneFreesAPairStalledOnADeafBackend() throws Exception {
		TestBackend deaf = backend(connection -> Thread.sleep(Waits.BULK.toMillis()));
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "", ConfigFiles.connectService("deaf", deaf, "DEAF"));
		Baseline idle = Baseline.of(daemon);
		for (int i = 0; i < 5; i++) {
			backendNeverReads(port);
		}
		idle.awaitReturn(daemon);
	}

	/** The other way round: a backend pushes at a client that never reads, and resets once its writes block. */
	@Test
	void backendResetAloneFreesAPairStalledOnADeafClient() throws Exception {
		TestBackend pushing = backend(connection -> {
			connection.in().readNBytes(4);
			pushThenReset(connection.socket(), new byte[0]);
		});
		int port = FreePorts.ipv4();
		PortsplitProcess daemon = abused(port, "", ConfigFiles.connectService("push", pushing, "PUSH"));
		Baseline idle = Baseline.of(daemon);
		List<Socket> deafClients = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				Socket client = Clients.connect(port);
				deafClients.add(client);
				client.getOutputStream().write(Clients.ascii("PUSH"));
			}
			// The clients stay open and unread: only the backends' resets can free their pairs.
			idle.awaitReturn(daemon);
		}
		finally {
			for (Socket client : deafClients) {
				client.close();
			}
		}
	}

	private static Void midMatch(int port) throws IOException {
		Socket client = Clients.connect(port);
		client.getOutputStream().write(Clients.ascii("ECH"));
		Resets.reset(client);
		return null;
	}

	/** Sends the pattern and data, reads a little of the echo, then resets. */
	private static Void midTransfer(int port, String pattern, int tagLength) throws IOException {
		Socket client = Clients.connect(port);
		OutputStream out = client.getOutputStream();
		out.write(Clients.ascii(pattern));
		out.write(new byte[16 * 1024]);
		out.flush();
		client.getInputStream().readNBytes(tagLength + pattern.length() + 1024);
		Resets.reset(client);
		return null;
	}

	private static Void whileBackendConnects(int port) throws Exception {
		Socket client = Clients.connect(port);
		client.getOutputStream().write(Clients.ascii("SLOW"));
		Thread.sleep(100);
		Resets.reset(client);
		return null;
	}

	/** The backend resets after its first read: the client must see the end, not hang. */
	private static Void backendResets(int port) throws IOException {
		try (Socket client = Clients.connect(port)) {
			try {
				client.getOutputStream().write(Clients.ascii("RSTB and more"));
			}
			catch (SocketException alreadyReset) {
				return null;
			}
			Clients.readUntilEnd(client);
		}
		return null;
	}

	/** A client pushes at a backend that never reads, then resets. */
	private Void backendNeverReads(int port) throws Exception {
		long pushed = pushThenReset(Clients.connect(port), Clients.ascii("DEAF"));
		this.largestPushedToDeaf.accumulateAndGet(pushed, Math::max);
		return null;
	}

	/**
	 * Writes {@code first}, then pushes until a write makes no progress for half a second
	 * (the peer through portsplit is not reading, and portsplit stopped reading this side),
	 * then resets. A writer that never blocks up to the limit means portsplit buffers without
	 * bound.
	 * @return the bytes pushed before the write blocked
	 */
	private static long pushThenReset(Socket socket, byte[] first) throws Exception {
		AtomicLong pushed = new AtomicLong();
		Thread writer = new Thread(() -> {
			byte[] chunk = new byte[64 * 1024];
			try {
				OutputStream out = socket.getOutputStream();
				out.write(first);
				while (pushed.get() < DEAF_PUSH_LIMIT) {
					out.write(chunk);
					pushed.addAndGet(chunk.length);
				}
			}
			catch (IOException resetByTheTest) {
				// the end this test gives it
			}
		}, "pushing-writer");
		writer.start();
		long last = -1;
		// Stalled means no progress over half a second; bounded by the push limit in any case.
		while (writer.isAlive() && pushed.get() != last) {
			last = pushed.get();
			writer.join(500);
		}
		assertThat(pushed.get()).as("bytes accepted with nobody reading").isLessThan(DEAF_PUSH_LIMIT);
		Resets.reset(socket);
		writer.join(Waits.EFFECT.toMillis());
		return pushed.get();
	}

}
