package io.portsplit.lifecycle;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Global options" {@code maxconn}: counted over all binds; the connection beyond it is accepted
 * and closed at once, the others keep working, and a slot freed by a close is used again.
 */
class MaxconnIT extends PortsplitTestBase {

	private static final String REQUEST = "HELLO";

	private static final String REPLY = "b:HELLO";

	private TestBackend backend;

	private PortsplitProcess daemon;

	@Test
	void connectionBeyondTheLimitOverAllBindsIsClosedAtOnceWhileTheOthersKeepRelaying() throws Exception {
		this.backend = backend("b");
		int first = FreePorts.ipv4();
		int second = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(ConfigFiles.bind(first) + ConfigFiles.bind(second) + "maxconn = 3\n"
				+ ConfigFiles.pidLine(pid) + ConfigFiles.connectService("echo", this.backend, REQUEST)).pidFile(pid)
			.daemon();

		Socket a1 = relayed(first);
		Socket a2 = relayed(first);
		Socket b1 = relayed(second);

		// The fourth, on either bind, is accepted and closed without a byte, and never reaches the backend.
		assertRejected(first);
		assertRejected(second);
		assertThat(this.backend.acceptedCount()).isEqualTo(3);
		Awaitility.await().atMost(Waits.SIGNAL).untilAsserted(() -> assertThat(
				this.daemon.stdoutLines(line -> line.contains("rejected, maxconn reached"))).hasSize(2));

		// The three admitted ones are untouched.
		for (Socket client : List.of(a1, a2, b1)) {
			assertEchoes(client, "still here");
		}

		// One ends: its slot is free again, for a client of the other bind.
		a1.shutdownOutput();
		assertThat(Probes.readUntilClosed(a1)).isEmpty();
		Socket b2 = awaitAdmitted(second);
		assertEchoes(b2, "in a freed slot");
		assertEchoes(a2, "still here");
		assertEchoes(b1, "still here");

		// Three open again: the limit holds as before.
		assertRejected(first);
		assertThat(this.backend.acceptedCount()).isEqualTo(4);
	}

	@Test
	void reloadChangesTheLimitForNewConnectionsAndKeepsTheOpenOnes() throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		String services = ConfigFiles.pidLine(pid) + ConfigFiles.connectService("echo", this.backend, REQUEST);
		this.daemon = launch(ConfigFiles.bind(port) + "maxconn = 3\n" + services).pidFile(pid).daemon();
		Socket one = relayed(port);
		Socket two = relayed(port);

		this.daemon.rewrite(ConfigFiles.bind(port) + "maxconn = 1\n" + services);
		this.daemon.reload();

		// Above the new limit, the open ones stay; a new one is turned away.
		assertEchoes(one, "kept");
		assertEchoes(two, "kept");
		assertRejected(port);

		// Still at the limit with one of them left.
		one.shutdownOutput();
		assertThat(Probes.readUntilClosed(one)).isEmpty();
		assertRejected(port);

		// Below it: one new connection, and only one.
		two.shutdownOutput();
		assertThat(Probes.readUntilClosed(two)).isEmpty();
		Socket three = awaitAdmitted(port);
		assertEchoes(three, "after the reload");
		assertRejected(port);
	}

	/** A client that sent the request and read the backend's reply through portsplit. */
	private Socket relayed(int port) throws IOException {
		Socket client = open(port);
		client.getOutputStream().write(Clients.ascii(REQUEST));
		assertThat(Clients.text(Clients.readExactly(client, REPLY.length()))).isEqualTo(REPLY);
		return client;
	}

	/** Retries until a connection gets through: the slot of one just closed frees a moment later. */
	private Socket awaitAdmitted(int port) {
		return Awaitility.await()
			.atMost(Waits.EFFECT)
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(IOException.class)
			.until(() -> {
				Socket client = open(port);
				client.getOutputStream().write(Clients.ascii(REQUEST));
				byte[] reply = Probes.readUntilClosedOrLength(client, REPLY.length());
				return Clients.text(reply).equals(REPLY) ? client : null;
			}, client -> client != null);
	}

	private void assertRejected(int port) throws IOException {
		try (Socket extra = Clients.connect(port)) {
			try {
				extra.getOutputStream().write(Clients.ascii(REQUEST));
			}
			catch (IOException closedAlready) {
				// closed before the request went out: rejected all the same
			}
			Probes.assertClosedWithoutReply(extra);
		}
	}

	private static void assertEchoes(Socket client, String text) throws IOException {
		client.getOutputStream().write(Clients.ascii(text));
		assertThat(Clients.text(Clients.readExactly(client, text.length()))).isEqualTo(text);
	}

	private Socket open(int port) throws IOException {
		return closeLater(Clients.connect(port));
	}
}
