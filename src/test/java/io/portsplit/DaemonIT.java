package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Launch;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/** The packaged jar as a daemon: routing on one port, README "Logging" log lines, SIGTERM (README "Signals and lifecycle"). */
class DaemonIT extends PortsplitTestBase {

	@ParameterizedTest
	@CsvSource({ "--config=FILE, TERM", "FILE, INT" })
	void routesTwoProtocolsOnOnePortLogsEachConnectionAndStopsOnSignal(String form, String signal) throws Exception {
		TestBackend http = backend("http");
		TestBackend ssh = backend("ssh");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		Path file = config(bind(port) + "pid = " + pid + "\n" + connectService("http", http, "GET\\20")
				+ connectService("ssh", ssh, "SSH-2.0-"));
		PortsplitProcess portsplit = launch(file).naming(form).pidFile(pid).daemon();
		assertThat(Files.readString(pid).trim()).isEqualTo(Long.toString(portsplit.pid()));

		String request = "GET / HTTP/1.0\r\n\r\n";
		int clientPort;
		try (Socket client = Clients.connect(port)) {
			clientPort = client.getLocalPort();
			client.getOutputStream().write(ascii(request));
			client.shutdownOutput();
			assertThat(text(Clients.readAll(client))).isEqualTo("http:" + request);
		}
		assertThat(text(Clients.exchange(FreePorts.IPV4, port, ascii("SSH-2.0-OpenSSH_9.2\r\n"))))
			.isEqualTo("ssh:SSH-2.0-OpenSSH_9.2\r\n");
		assertThat(text(http.nextConnection(Waits.EFFECT).awaitReceivedAll(Waits.EFFECT))).isEqualTo(request);

		// README "Logging": one line at the decision (client, bind, service, target, pattern), one at the end (bytes).
		String decided = portsplit.awaitStdoutLine(line -> line.contains("127.0.0.1:" + clientPort + " "), Waits.EFFECT);
		assertThat(decided).contains("on 127.0.0.1:" + port)
			.contains("[http]")
			.contains("connect " + http.target())
			.contains("pattern 'GET\\20'");
		Matcher id = Pattern.compile("\\b(c\\d+) 127\\.0\\.0\\.1:" + clientPort + " ").matcher(decided);
		assertThat(id.find()).as(decided).isTrue();
		String ended = portsplit.awaitStdoutLine(line -> line.contains(id.group(1) + " ended:"), Waits.EFFECT);
		assertThat(ended).contains(request.length() + " bytes from client")
			.contains(("http:" + request).length() + " bytes to client");
		portsplit.awaitStdoutLine(line -> line.contains("[ssh]") && line.contains("pattern 'SSH-2.0-'"), Waits.EFFECT);

		portsplit.signal(signal);
		assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
		assertThat(pid).doesNotExist();
		assertThat(portsplit.output()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	@Test
	void aStopRequestedAsSoonAsThePidFileExistsStillExitsZero() throws Exception {
		TestBackend http = backend("http");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("early.pid");
		PortsplitProcess portsplit = launch(bind(port) + "pid = " + pid + "\n" + connectService("http", http, "GET"))
			.naming("FILE")
			.pidFile(pid)
			.daemon();
		portsplit.signal("TERM");
		assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
		assertThat(pid).doesNotExist();
	}

	/** @param ownPort Actuator on a port of its own, which Spring Boot serves from a second Tomcat */
	@ParameterizedTest(name = "actuator on a port of its own: {0}")
	@ValueSource(booleans = { false, true })
	void theManagementServersDirectoryGoesWhenItStops(boolean ownPort) throws Exception {
		TestBackend http = backend("http");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("tmpdir.pid");
		Path tmp = Files.createDirectory(this.dir.resolve("own-tmp"));
		Launch launch = launch(bind(port) + "pid = " + pid + "\n" + connectService("http", http, "GET"))
			.jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp)
			.pidFile(pid);
		if (ownPort) {
			launch.args("--server.port=-1", "--management.server.port=0", "--management.server.address=127.0.0.1");
		}
		PortsplitProcess portsplit = launch.daemon();
		portsplit.awaitStarted();
		try (Stream<Path> made = Files.list(tmp)) {
			assertThat(made.map(path -> path.getFileName().toString()))
				.isNotEmpty()
				.allMatch(name -> name.startsWith("portsplit-management-"));
		}
		portsplit.reload();
		assertThat(Clients.exchange(port, "GET /")).isEqualTo("http:GET /");

		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();
		try (Stream<Path> left = Files.list(tmp)) {
			assertThat(left).as("what a stopped portsplit leaves in its temporary directory").isEmpty();
		}
	}

	@Test
	void sighupReloadsServicesForNewConnectionsAndKeepsOpenOnes() throws Exception {
		String signal = "HUP";
		TestBackend before = backend("before");
		TestBackend after = backend("after");
		int port = FreePorts.ipv4();
		int added = FreePorts.ipv4();
		int removed = FreePorts.ipv4();
		Path pid = this.dir.resolve("reload.pid");
		Path file = config(bind(port) + bind(removed) + "pid = " + pid + "\n" + connectService("web", before, "GET"));
		PortsplitProcess portsplit = launch(file).naming("FILE").pidFile(pid).daemon();
		try (Socket open = Clients.connect(port)) {
			open.getOutputStream().write(ascii("GET /open"));
			assertThat(text(Clients.readExactly(open, "before:GET /open".length()))).isEqualTo("before:GET /open");

			// An invalid file changes nothing and is reported with its line.
			ConfigFiles.overwrite(file, bind(port) + bind(removed) + "pid = " + pid + "\n[web]\nstring = GET\nconnect = nowhere\n");
			portsplit.signal(signal);
			String failed = portsplit.awaitStdoutLine(line -> line.contains("reload failed"), Waits.SIGNAL);
			assertThat(failed).contains(file + ":6:");
			assertThat(Clients.exchange(port, "GET /still")).isEqualTo("before:GET /still");
			assertThat(Clients.exchange(removed, "GET /still")).isEqualTo("before:GET /still");

			ConfigFiles.overwrite(file, bind(port) + bind(added) + "pid = " + pid + "\n" + connectService("web", after, "GET"));
			portsplit.signal(signal);
			portsplit.awaitStdoutLine(line -> line.contains("reloaded " + file), Waits.SIGNAL);
			assertThat(Clients.exchange(port, "GET /new")).isEqualTo("after:GET /new");
			assertThat(Clients.exchange(added, "GET /added")).isEqualTo("after:GET /added");
			assertThatExceptionOfType(ConnectException.class).as("a removed bind stops listening")
				.isThrownBy(() -> Clients.connect(removed).close());

			// The connection opened before the reload still goes where it went.
			open.getOutputStream().write(ascii(" more"));
			open.shutdownOutput();
			assertThat(text(Clients.readAll(open))).isEqualTo(" more");
		}
		portsplit.signal("TERM");
		assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
	}
}
