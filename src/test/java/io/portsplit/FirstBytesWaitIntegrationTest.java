package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static io.portsplit.support.ExecServices.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/**
 * Clients whose first bytes are not there when they are accepted: they wait in the
 * {@code FirstBytesWaiter} (one selector thread), not on a thread each. Each test makes
 * the client wait on purpose (connect, pause, then send), with real sockets on loopback.
 */
class FirstBytesWaitIntegrationTest extends PortsplitTestBase {

	/** Long enough that the accept thread has looked and found nothing. */
	private static final long PAUSE_MILLIS = 200;

	private TestBackend ssh;

	private TestBackend fallback;

	private TestBackend timeout;

	private int port;

	private RunningPortsplit portsplit;

	@BeforeEach
	void backends() throws Exception {
		this.ssh = backend("ssh");
		this.fallback = backend("fallback");
		this.timeout = backend("timeout");
		this.port = FreePorts.ipv4();
	}

	private String config(int port, int timeoutSeconds, boolean withTimeoutService, String extra) {
		StringBuilder conf = new StringBuilder(bind(port)).append("timeout = ").append(timeoutSeconds).append('\n');
		conf.append(connectService("ssh", this.ssh, "SSH-2.0-"));
		conf.append(connectService("fallback", this.fallback));
		if (withTimeoutService) {
			conf.append(connectService("timeout", this.timeout));
		}
		return conf.append(extra).toString();
	}

	private void start(int timeoutSeconds, boolean withTimeoutService) throws Exception {
		start(config(this.port, timeoutSeconds, withTimeoutService, ""));
	}

	private void start(String config) throws Exception {
		this.portsplit = portsplit(config);
	}

	private Admission limiter() {
		return this.portsplit.bean(Admission.class);
	}

	@Test
	void bytesSentInPiecesAfterAPauseAreDecidedOnceAndReplayedWhole() throws Exception {
		start(10, true);
		try (Socket client = Clients.connect(this.port)) {
			OutputStream out = client.getOutputStream();
			for (String piece : new String[] { "", "SS", "H-2.", "0-tail" }) {
				Thread.sleep(PAUSE_MILLIS);
				out.write(ascii(piece));
				out.flush();
			}
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("ssh:SSH-2.0-tail");
		}
		assertThat(text(this.ssh.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("SSH-2.0-tail");
		assertThat(this.fallback.acceptedCount()).isZero();
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void aSilentClientGoesToTheTimeoutServiceAtItsDeadlineNotBefore() throws Exception {
		start(1, true);
		long started = System.nanoTime();
		try (Socket client = Clients.connect(this.port)) {
			assertThat(text(Clients.readExactly(client, "timeout:".length()))).isEqualTo("timeout:");
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Waits.EFFECT);
			client.getOutputStream().write(ascii("late"));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("late");
		}
		assertThat(text(this.timeout.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("late");
	}

	@Test
	void withoutTimeoutServiceASilentClientIsClosedCleanlyAtItsDeadline() throws Exception {
		start(1, false);
		long started = System.nanoTime();
		try (Socket client = Clients.connect(this.port)) {
			assertThat(Clients.endsCleanly(client)).as("end of stream, not a reset").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}
		await().atMost(Waits.EFFECT).until(() -> limiter().open() == 0);
	}

	@Test
	void withTimeoutZeroASilentClientWaitsUntilItSpeaks() throws Exception {
		start(0, true);
		try (Socket client = Clients.connect(this.port)) {
			assertStillOpenAfter(client, 1500);
			assertThat(speak(client, "SSH-2.0-x")).isEqualTo("ssh:SSH-2.0-x");
		}
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void endOfStreamWhileWaitingWithoutBytesClosesAndFreesTheSlot() throws Exception {
		start(10, true);
		try (Socket client = Clients.connect(this.port)) {
			Thread.sleep(PAUSE_MILLIS);
			client.shutdownOutput();
			assertThat(Clients.endsCleanly(client)).isTrue();
		}
		await().atMost(Waits.EFFECT).until(() -> limiter().open() == 0);
		assertThat(this.fallback.acceptedCount()).isZero();
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void endOfStreamWhileWaitingAfterSomeBytesHandsThemToFallback() throws Exception {
		start(10, true);
		try (Socket client = Clients.connect(this.port)) {
			Thread.sleep(PAUSE_MILLIS);
			client.getOutputStream().write(ascii("SSH"));
			Thread.sleep(PAUSE_MILLIS);
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("fallback:SSH");
		}
		assertThat(text(this.fallback.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("SSH");
	}

	@Test
	void manySilentClientsWaitWithoutAThreadEachAndOthersAreServedMeanwhile() throws Exception {
		start(30, true);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		assertThat(Clients.exchange(this.port, "SSH-2.0-warm")).isEqualTo("ssh:SSH-2.0-warm");
		int before = threads.getThreadCount();
		int clients = 300;
		List<Socket> silent = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				silent.add(Clients.connect(this.port));
			}
			await().atMost(Waits.EFFECT).until(() -> limiter().open() == clients);
			assertThat(Clients.exchange(this.port, "SSH-2.0-during")).isEqualTo("ssh:SSH-2.0-during");
			// The JVM and the test's own helpers may start a thread or two; a thread per client would be hundreds.
			assertThat(threads.getThreadCount()).isLessThanOrEqualTo(before + 10);
		}
		finally {
			for (Socket client : silent) {
				client.close();
			}
		}
		await().atMost(Waits.EFFECT).until(() -> limiter().open() == 0);
		assertThat(this.timeout.acceptedCount()).isZero();
		assertThat(this.fallback.acceptedCount()).isZero();
	}

	@Test
	void stoppingClosesTheWaitingClientsCleanlyAndFreesTheirSlots() throws Exception {
		start(30, true);
		Admission limiter = limiter();
		List<Socket> silent = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				silent.add(Clients.connect(this.port));
			}
			await().atMost(Waits.EFFECT).until(() -> limiter.open() == 3);
			this.portsplit.close();
			for (Socket client : silent) {
				assertThat(Clients.endsCleanly(client)).as("end of stream, not a reset").isTrue();
			}
			assertThat(limiter.open()).isZero();
		}
		finally {
			for (Socket client : silent) {
				client.close();
			}
		}
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void aReloadThatRemovesTheBindLeavesItsWaitingClientWaitingUnderItsOldRules() throws Exception {
		start(30, true);
		try (Socket client = Clients.connect(this.port)) {
			await().atMost(Waits.EFFECT).until(() -> limiter().open() == 1);
			int otherPort = FreePorts.ipv4();
			this.portsplit.rewrite(config(otherPort, 1, true, ""));
			assertThat(this.portsplit.bean(Reloader.class).reload().applied()).isTrue();
			// The new timeout (1 s) is not this client's: it was accepted with 30 s.
			assertStillOpenAfter(client, 2500);
			assertThat(speak(client, "SSH-2.0-kept")).isEqualTo("ssh:SSH-2.0-kept");
		}
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void anExecServiceChosenAfterAWaitRunsOffTheWaiterWithABlockingClient() throws Exception {
		start(config(this.port, 10, true, exec("cat", "CAT", "/bin/cat")));
		try (Socket client = Clients.connect(this.port)) {
			Thread.sleep(PAUSE_MILLIS);
			client.getOutputStream().write(ascii("CAT one\n"));
			assertThat(text(Clients.readExactly(client, "CAT one\n".length()))).isEqualTo("CAT one\n");
			// A copy loop on a non-blocking channel would spin through this second of silence.
			long cpuBefore = connectionThreadsCpuNanos();
			Thread.sleep(1000);
			assertThat(Duration.ofNanos(connectionThreadsCpuNanos() - cpuBefore)).isLessThan(Duration.ofMillis(300));
			// The program runs on a thread of its own, not on the waiter's: another waiting client is still served.
			try (Socket other = Clients.connect(this.port)) {
				Thread.sleep(PAUSE_MILLIS);
				other.getOutputStream().write(ascii("SSH-2.0-other"));
				other.shutdownOutput();
				assertThat(text(Clients.readAll(other))).isEqualTo("ssh:SSH-2.0-other");
			}
			client.getOutputStream().write(ascii("two\n"));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("two\n");
		}
		await().atMost(Waits.EFFECT).until(() -> limiter().open() == 0);
	}

	/**
	 * CPU time of the threads that serve connections (an exec program's copies run on task threads
	 * named {@code exec cN}, {@code exec-in cN}, {@code exec-err cN}), not the JIT's or GC's.
	 */
	private static long connectionThreadsCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && (info.getThreadName().startsWith("exec") || info.getThreadName().equals("first-bytes"))) {
				total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return total;
	}

	/** Nothing comes back, not even an end of stream or a reset, for {@code millis}: the client is still waiting. */
	private static void assertStillOpenAfter(Socket client, int millis) throws IOException {
		client.setSoTimeout(millis);
		assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
		client.setSoTimeout(Clients.SO_TIMEOUT_MILLIS);
	}

	/** Sends {@code request}, shuts the sending side and reads the whole reply. */
	private static String speak(Socket client, String request) throws IOException {
		client.getOutputStream().write(ascii(request));
		client.shutdownOutput();
		return text(Clients.readAll(client));
	}
}
