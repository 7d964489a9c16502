package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/**
 * README "Services" and "Matching" end to end: each outcome of the decision, with portsplit in this JVM,
 * real backends and real client sockets on loopback.
 */
class RoutingIntegrationTest extends PortsplitTestBase {

	private TestBackend http;

	private TestBackend ssh;

	private TestBackend fallback;

	private TestBackend timeout;

	private int port;

	private RunningPortsplit portsplit;

	@BeforeEach
	void backends() throws Exception {
		this.http = backend("http");
		this.ssh = backend("ssh");
		this.fallback = backend("fallback");
		this.timeout = backend("timeout");
		this.port = FreePorts.ipv4();
	}

	/** http (GET, POST), ssh (SSH-2.0-, the longest pattern: 8 bytes), then the given special services. */
	private void start(int timeoutSeconds, boolean withFallback, boolean withTimeout) throws Exception {
		StringBuilder conf = new StringBuilder(bind(this.port)).append("timeout = ").append(timeoutSeconds).append('\n');
		conf.append(connectService("http", this.http, "GET\\20", "POST\\20"));
		conf.append(connectService("ssh", this.ssh, "SSH-2.0-"));
		if (withFallback) {
			conf.append(connectService("fallback", this.fallback));
		}
		if (withTimeout) {
			conf.append(connectService("timeout", this.timeout));
		}
		this.portsplit = portsplit(conf.toString());
	}

	@Test
	void aMatchIsRelayedToItsServiceWithTheFirstBytesFirst() throws Exception {
		start(5, true, true);
		assertThat(Clients.exchange(this.port, "GET / HTTP/1.0\r\n\r\n")).isEqualTo("http:GET / HTTP/1.0\r\n\r\n");
		assertThat(text(this.http.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("GET / HTTP/1.0\r\n\r\n");
		assertThat(Clients.exchange(this.port, "SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo("ssh:SSH-2.0-OpenSSH_9.2\r\n");
		assertThat(this.fallback.acceptedCount()).isZero();
	}

	@Test
	void anyPatternOfAServiceSelectsIt() throws Exception {
		start(5, true, true);
		assertThat(Clients.exchange(this.port, "POST /form HTTP/1.1\r\n")).isEqualTo("http:POST /form HTTP/1.1\r\n");
		assertThat(this.http.acceptedCount()).isEqualTo(1);
	}

	@Test
	void bytesThatMatchNothingGoToFallback() throws Exception {
		start(5, true, true);
		assertThat(Clients.exchange(this.port, "HELLO there")).isEqualTo("fallback:HELLO there");
		// Diverges only at the 4th byte: still sent whole to the fallback.
		assertThat(Clients.exchange(this.port, "GETX")).isEqualTo("fallback:GETX");
		assertThat(text(this.fallback.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("HELLO there");
		assertThat(this.http.acceptedCount()).isZero();
	}

	@Test
	void aSilentClientGoesToTheTimeoutServiceWhenTimeoutExpires() throws Exception {
		start(1, true, true);
		try (Socket client = Clients.connect(this.port)) {
			// The timeout service speaks first: its tag arrives although the client sent nothing.
			assertThat(text(Clients.readExactly(client, "timeout:".length()))).isEqualTo("timeout:");
			client.getOutputStream().write(ascii("late words"));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("late words");
		}
		assertThat(text(this.timeout.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("late words");
		assertThat(this.fallback.acceptedCount()).isZero();
	}

	@Test
	void bytesReceivedBeforeTheTimeoutAreHandedToTheTimeoutService() throws Exception {
		start(1, true, true);
		try (Socket client = Clients.connect(this.port)) {
			client.getOutputStream().write(ascii("SSH-2"));
			assertThat(text(Clients.readExactly(client, "timeout:SSH-2".length()))).isEqualTo("timeout:SSH-2");
			client.getOutputStream().write(ascii(".0-x"));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo(".0-x");
		}
		assertThat(text(this.timeout.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("SSH-2.0-x");
		assertThat(this.ssh.acceptedCount()).isZero();
	}

	@Test
	void theTimeoutCountsFromAcceptNotFromTheLastByte() throws Exception {
		start(1, true, true);
		try (Socket client = Clients.connect(this.port)) {
			OutputStream out = client.getOutputStream();
			// A pattern's bytes, each well inside the timeout of the one before, but not all of them within it.
			for (byte b : ascii("SSH-2.0-")) {
				try {
					out.write(b);
				}
				catch (java.net.SocketException routedAndClosed) {
					break;
				}
				Thread.sleep(300);
			}
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).startsWith("timeout:SSH");
		}
		assertThat(this.ssh.acceptedCount()).isZero();
		assertThat(text(this.timeout.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("SSH-2.0-");
	}

	@Test
	void aClientResetBeforeTheDecisionDoesNotDisturbOthersAndFreesItsSlot() throws Exception {
		start(5, true, true);
		Admission limiter = this.portsplit.bean(Admission.class);
		for (int i = 0; i < 5; i++) {
			Socket client = Clients.connect(this.port);
			client.getOutputStream().write(ascii("SSH"));
			client.setSoLinger(true, 0);
			client.close();
		}
		assertThat(Clients.exchange(this.port, "GET /")).isEqualTo("http:GET /");
		await().atMost(Waits.EFFECT).until(() -> limiter.open() == 0);
		assertThat(this.ssh.acceptedCount()).isZero();
		assertThat(this.fallback.acceptedCount()).isZero();
	}

	@Test
	void withoutFallbackAnUnmatchedClientIsClosed() throws Exception {
		start(5, false, true);
		try (Socket client = Clients.connect(this.port)) {
			client.getOutputStream().write(ascii("X"));
			assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
		}
		// Others are not affected.
		assertThat(Clients.exchange(this.port, "GET /")).isEqualTo("http:GET /");
		assertThat(this.http.acceptedCount()).isEqualTo(1);
	}

	@Test
	void withoutTimeoutServiceASilentClientIsClosedAfterTheTimeout() throws Exception {
		start(1, true, false);
		try (Socket client = Clients.connect(this.port)) {
			assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
		}
		assertThat(this.fallback.acceptedCount()).isZero();
	}

	@Test
	void endOfStreamBeforeADecisionHandsExactlyTheBytesReceivedToFallback() throws Exception {
		start(5, true, true);
		try (Socket client = Clients.connect(this.port)) {
			client.getOutputStream().write(ascii("GE"));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("fallback:GE");
		}
		assertThat(text(this.fallback.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("GE");
		assertThat(this.http.acceptedCount()).isZero();
	}

	@Test
	void endOfStreamWithoutAnyByteClosesTheClient() throws Exception {
		start(5, true, true);
		try (Socket client = Clients.connect(this.port)) {
			client.shutdownOutput();
			assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
		}
		assertThat(Clients.exchange(this.port, "GET /")).isEqualTo("http:GET /");
		assertThat(this.fallback.acceptedCount()).isZero();
		assertThat(this.timeout.acceptedCount()).isZero();
	}

	@Test
	void firstBytesSplitOverSeveralSegmentsAreReplayedOnceAndInOrder() throws Exception {
		start(5, true, true);
		try (Socket client = Clients.connect(this.port)) {
			OutputStream out = client.getOutputStream();
			for (String piece : new String[] { "G", "ET /a", "bc" }) {
				out.write(ascii(piece));
				out.flush();
				Thread.sleep(50);
			}
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("http:GET /abc");
		}
		assertThat(text(this.http.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("GET /abc");
	}

	@Test
	void aPatternSentOneByteAtATimeIsRecognisedAndReplayedWhole() throws Exception {
		start(5, true, true);
		String hello = "SSH-2.0-OpenSSH_9.2p1\r\n";
		try (Socket client = Clients.connect(this.port)) {
			OutputStream out = client.getOutputStream();
			for (byte b : ascii(hello)) {
				out.write(b);
				out.flush();
				Thread.sleep(5);
			}
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("ssh:" + hello);
		}
		assertThat(text(this.ssh.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo(hello);
	}

	@Test
	void aClientThatSendsMoreThanTheLongestPatternAtOnceLosesNothing() throws Exception {
		start(5, true, true);
		StringBuilder request = new StringBuilder("GET /");
		for (int i = 0; i < 5000; i++) {
			request.append((char) ('a' + i % 26));
		}
		assertThat(Clients.exchange(this.port, request.toString())).isEqualTo("http:" + request);
	}
}
