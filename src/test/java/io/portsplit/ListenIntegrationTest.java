package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.portsplit.access.Admission;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/** Binds (README "Global options"), maxconn, and stopping (README "Signals and lifecycle"), in this JVM. */
@ExtendWith(OutputCaptureExtension.class)
class ListenIntegrationTest extends PortsplitTestBase {

	@Test
	void ipv4AndIpv6BindsOfOneConfigurationBothRoute() throws Exception {
		TestBackend http = backend("http");
		TestBackend ssh = closeLater(TestBackend.start(FreePorts.IPV6, TestBackend.tagging(ascii("ssh6"))));
		int shared = FreePorts.onBothFamilies();
		int v6only = FreePorts.on(FreePorts.IPV6);
		portsplit("bind = 127.0.0.1:" + shared + "\nbind = ::1:" + shared + "\nbind = [::1]:" + v6only + "\n"
				+ connectService("http", http, "GET") + connectService("ssh", ssh, "SSH-"));
		assertThat(text(Clients.exchange(FreePorts.IPV4, shared, ascii("GET /4")))).isEqualTo("http:GET /4");
		assertThat(text(Clients.exchange(FreePorts.IPV6, shared, ascii("GET /6")))).isEqualTo("http:GET /6");
		assertThat(text(Clients.exchange(FreePorts.IPV6, shared, ascii("SSH-2.0-a")))).isEqualTo("ssh6:SSH-2.0-a");
		assertThat(text(Clients.exchange(FreePorts.IPV4, shared, ascii("SSH-2.0-b")))).isEqualTo("ssh6:SSH-2.0-b");
		assertThat(text(Clients.exchange(FreePorts.IPV6, v6only, ascii("GET /x")))).isEqualTo("http:GET /x");
		assertThat(text(ssh.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo("SSH-2.0-a");
	}

	@Test
	void beyondMaxconnAConnectionIsClosedAtOnceAndTheOthersAreUnaffected() throws Exception {
		TestBackend http = backend("http");
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + "maxconn = 2\ntimeout = 0\n" + connectService("http", http, "GET "));
		Admission limiter = portsplit.bean(Admission.class);
		try (Socket first = Clients.connect(port); Socket second = Clients.connect(port)) {
			first.getOutputStream().write(ascii("GE"));
			second.getOutputStream().write(ascii("G"));
			await().atMost(Waits.EFFECT).until(() -> limiter.open() == 2);
			try (Socket third = Clients.connect(port)) {
				third.getOutputStream().write(ascii("GET /third"));
				// Closed at once without reading: a reset is as good as an end of stream here.
				assertThat(Clients.readUntilEnd(third)).isEmpty();
			}
			assertThat(http.acceptedCount()).isZero();
			first.getOutputStream().write(ascii("T /first"));
			first.shutdownOutput();
			assertThat(text(Clients.readAll(first))).isEqualTo("http:GET /first");
			second.getOutputStream().write(ascii("ET /second"));
			second.shutdownOutput();
			assertThat(text(Clients.readAll(second))).isEqualTo("http:GET /second");
		}
		// Slots are given back when connections end.
		await().atMost(Waits.EFFECT).until(() -> limiter.open() == 0);
		assertThat(Clients.exchange(port, "GET /again")).isEqualTo("http:GET /again");
	}

	@Test
	void stoppingClosesRelayedConnectionsAndFreesTheBinds() throws Exception {
		TestBackend http = backend(connection -> connection.readUntilEof());
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + connectService("http", http, "GET"));
		try (Socket client = Clients.connect(port)) {
			client.getOutputStream().write(ascii("GET /held open"));
			TestBackend.Connection relayed = http.nextConnection(Waits.EFFECT);
			await().atMost(Waits.EFFECT).until(() -> text(relayed.receivedSoFar()).equals("GET /held open"));
			portsplit.close();
			assertThat(Clients.readUntilEnd(client)).isEmpty();
			assertThat(text(relayed.awaitReceivedAll(Waits.EFFECT))).isEqualTo("GET /held open");
		}
		try (ServerSocket again = new ServerSocket()) {
			again.bind(new InetSocketAddress(FreePorts.IPV4, port));
		}
	}

	@Test
	void stoppingClosesClientsStillBeingMatched() throws Exception {
		TestBackend http = backend("http");
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + "timeout = 0\n" + connectService("http", http, "GET"));
		Admission limiter = portsplit.bean(Admission.class);
		try (Socket client = Clients.connect(port)) {
			client.getOutputStream().write(ascii("GE"));
			await().atMost(Waits.EFFECT).until(() -> limiter.open() == 1);
			portsplit.close();
			assertThat(Clients.readUntilEnd(client)).isEmpty();
		}
		assertThat(http.acceptedCount()).isZero();
	}

	@Test
	void stoppingListenersIsNotReportedAsAnError(CapturedOutput output) throws Exception {
		TestBackend http = backend("http");
		for (int i = 0; i < 5; i++) {
			int a = FreePorts.ipv4();
			try (RunningPortsplit portsplit = portsplit(
					bind(a) + bind(FreePorts.ipv4()) + bind(FreePorts.ipv4()) + connectService("http", http, "GET"))) {
				assertThat(Clients.exchange(a, "GET /" + i)).isEqualTo("http:GET /" + i);
			}
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("Exception");
	}
}
