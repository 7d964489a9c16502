package io.portsplit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TlsPeers;
import io.portsplit.support.Waits;

/**
 * The README's quick start, on the packaged jar: {@code portsplit.conf.example} runs as it is
 * shipped (only its two ports moved to free ones), and each demo client reaches the service
 * the README and the file's comments name.
 */
class ExampleConfigIT extends PortsplitTestBase {

	@Test
	void theQuickStartDemoReachesEachServiceItNames() throws Exception {
		int port = FreePorts.onBothFamilies();
		int management = FreePorts.ipv4();
		String example = Files.readString(Path.of("portsplit.conf.example"), StandardCharsets.UTF_8);
		assertThat(example).contains(":9090").contains(":9180");
		Path file = config(example.replace(":9090", ":" + port).replace(":9180", ":" + management));
		PortsplitProcess portsplit = launch(file).naming("--config=FILE").exactly().start();
		new ManagementHttp(management).awaitReady();

		// [http]: an HTTP request through the multiplexed port reaches the management server.
		HttpResponse<String> health = new ManagementHttp(port).get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"portsplit\"").contains("\"serving\"");

		// [tls-by-name]: the demo answers TLS with text, so the handshake fails; the log says why it went there.
		assertThat(TlsPeers.ask(port, "demo.localhost", "h2")).isNull();
		assertThat(portsplit.awaitStdoutLine(line -> line.contains("-> [tls-by-name]"), Waits.EFFECT))
			.contains("sni=demo.localhost");

		assertThat(Clients.exchange(port, "SSH-2.0-demo\r\n")).contains("[ssh] would be relayed");
		assertThat(new String(Clients.exchange(FreePorts.IPV6, port, "echo hello\n".getBytes(StandardCharsets.US_ASCII)),
				StandardCharsets.US_ASCII))
			.isEqualTo("echo hello\n");
		try (Socket silent = Clients.connect(port)) {
			assertThat(Clients.sendAndReadAll(silent, "")).contains("you sent nothing");
		}
		assertThat(Clients.exchange(port, "xyz\n")).contains("no service matches");

		PortsplitProcess explain = launch(file).naming("--check", "FILE", "--explain", "5353482d322e302d78")
			.exactly()
			.start();
		assertThat(explain.awaitExit(Waits.START)).as(explain.output()).isZero();
		assertThat(explain.stdout()).contains("decision: service [ssh]");

		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();
		assertThat(portsplit.errorLines()).isEmpty();
	}

	/**
	 * The README's second instance: the example copied with its bind port and its management port
	 * moved everywhere they occur, the {@code [http]} demo's connect included, runs beside the first,
	 * and each instance's demo shows that instance's own health.
	 */
	@Test
	void aCopyWithItsPortsMovedRunsBesideTheFirstAndItsHttpDemoShowsItsOwnHealth() throws Exception {
		String example = Files.readString(Path.of("portsplit.conf.example"), StandardCharsets.UTF_8);
		int[] ports = new int[2];
		PortsplitProcess[] instances = new PortsplitProcess[2];
		for (int i = 0; i < 2; i++) {
			ports[i] = FreePorts.onBothFamilies();
			int management = FreePorts.ipv4();
			Path file = config(example.replace(":9090", ":" + ports[i]).replace(":9180", ":" + management));
			instances[i] = launch(file).naming("--config=FILE").exactly().start();
			new ManagementHttp(management).awaitReady();
		}
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> health = new ManagementHttp(ports[i]).get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"127.0.0.1:" + ports[i] + "\"")
				.doesNotContain("\"127.0.0.1:" + ports[1 - i] + "\"");
		}
		for (PortsplitProcess instance : instances) {
			assertThat(instance.stopWith("TERM")).as(instance.output()).isZero();
			assertThat(instance.errorLines()).isEmpty();
		}
	}
}
