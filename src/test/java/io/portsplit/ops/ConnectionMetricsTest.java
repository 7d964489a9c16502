package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

/**
 * Counters move with real loopback connections of every outcome, and the Prometheus
 * text of the real management port carries them.
 */
class ConnectionMetricsTest extends PortsplitTestBase {

	HoldingBackend backend;

	int bind;

	String bindTag;

	Path program;

	ManagementHttp management;

	@BeforeEach
	void setUp() throws Exception {
		this.backend = closeLater(new HoldingBackend("hello"));
		this.bind = FreePorts.ipv4();
		this.bindTag = "127.0.0.1:" + this.bind;
		this.program = Files.writeString(this.dir.resolve("prog.sh"), "#!/bin/sh\ncat\n");
		this.program.toFile().setExecutable(true);
	}

	String config() throws Exception {
		return "bind = " + this.bindTag + "\ntimeout = 1\nmaxconn = 2\n"
				+ "[http]\nstring = GET\nconnect = 127.0.0.1:" + this.backend.port() + "\n"
				+ "[dead]\nstring = DEAD\nconnect = 127.0.0.1:" + FreePorts.ipv4() + "\n"
				+ "[prog]\nstring = EXEC\nexec = " + this.program + "\n";
	}

	void start(String... springArgs) throws Exception {
		this.management = launch(config()).args(springArgs).inProcess().management();
	}

	Socket connect() throws Exception {
		return closeLater(Clients.connect(this.bind));
	}

	double metric(String name, String... labels) throws Exception {
		return this.management.prometheus(name, labels);
	}

	void awaitMetric(double expected, String name, String... labels) {
		await().atMost(Waits.EFFECT).untilAsserted(() -> assertThat(metric(name, labels)).isEqualTo(expected));
	}

	@Test
	void everyOutcomeMovesItsCounters() throws Exception {
		start();

		// Two clients relayed to the backend and held open: maxconn (2) is reached.
		Socket first = connect();
		first.getOutputStream().write("GET 1".getBytes());
		Socket second = connect();
		second.getOutputStream().write("GET 2".getBytes());
		await().atMost(Waits.EFFECT).until(() -> this.backend.acceptedCount() == 2);
		awaitMetric(2, "portsplit_connections_active", "service", "http", "bind", this.bindTag);
		assertThat(metric("portsplit_connections_open")).isEqualTo(2);
		assertThat(metric("portsplit_connections_limit")).isEqualTo(2);

		// A third is turned away at once.
		try (Socket third = connect()) {
			assertThat(Clients.sendAndReadAll(third, "")).isEmpty();
		}
		awaitMetric(1, "portsplit_connections_rejected_total", "reason", "maxconn", "service", "-", "bind", this.bindTag);

		// The backend hangs up and the clients close their side: both relays end, with their bytes.
		assertThat(this.backend.read(0, 5)).startsWith("GET ");
		this.backend.release();
		first.shutdownOutput();
		second.shutdownOutput();
		assertThat(Clients.sendAndReadAll(first, "")).isEqualTo("hello");
		assertThat(Clients.sendAndReadAll(second, "")).isEqualTo("hello");
		awaitMetric(2, "portsplit_connections_ended_total", "service", "http");
		awaitMetric(0, "portsplit_connections_active", "service", "http");
		assertThat(metric("portsplit_bytes_total", "service", "http", "direction", "from_client")).isEqualTo(10);
		assertThat(metric("portsplit_bytes_total", "service", "http", "direction", "to_client")).isEqualTo(10);
		assertThat(metric("portsplit_decisions_total", "service", "http", "outcome", "match", "bind", this.bindTag))
			.isEqualTo(2);
		assertThat(metric("portsplit_decision_time_seconds_count", "service", "http", "outcome", "match")).isEqualTo(2);
		assertThat(metric("portsplit_backend_connect_time_seconds_count", "service", "http", "result", "connected"))
			.isEqualTo(2);

		// No pattern can match, and there is no [fallback].
		try (Socket client = connect()) {
			assertThat(Clients.sendAndReadAll(client, "XYZ")).isEmpty();
		}
		awaitMetric(1, "portsplit_connections_rejected_total", "reason", "no_match", "service", "-");
		assertThat(metric("portsplit_decisions_total", "service", "-", "outcome", "fallback")).isEqualTo(1);

		// Still possible, then the timeout, and there is no [timeout].
		try (Socket client = connect()) {
			assertThat(Clients.sendAndReadAll(client, "GE")).isEmpty();
		}
		awaitMetric(1, "portsplit_connections_rejected_total", "reason", "timeout", "service", "-");
		assertThat(metric("portsplit_decisions_total", "service", "-", "outcome", "timeout")).isEqualTo(1);

		// The backend refuses.
		try (Socket client = connect()) {
			assertThat(Clients.sendAndReadAll(client, "DEAD")).isEmpty();
		}
		awaitMetric(1, "portsplit_connections_rejected_total", "reason", "backend", "service", "dead");
		assertThat(metric("portsplit_backend_connect_time_seconds_count", "service", "dead", "result", "failed"))
			.isEqualTo(1);

		// The client says nothing and closes its side.
		try (Socket client = connect()) {
			client.shutdownOutput();
			assertThat(Clients.sendAndReadAll(client, "")).isEmpty();
		}
		awaitMetric(1, "portsplit_decisions_total", "service", "-", "outcome", "eof");

		// The program cannot be started any more.
		this.program.toFile().setExecutable(false);
		try (Socket client = connect()) {
			client.getOutputStream().write("EXEC".getBytes());
			client.shutdownOutput();
			Clients.sendAndReadAll(client, "");
		}
		awaitMetric(1, "portsplit_connections_rejected_total", "reason", "exec", "service", "prog");

		// Accepted counts every connection admitted under maxconn: 2 relayed + 5 more.
		awaitMetric(7, "portsplit_connections_accepted_total", "bind", this.bindTag);
		awaitMetric(0, "portsplit_connections_open");

		String text = this.management.get("/actuator/prometheus").body();
		assertThat(text).contains("# TYPE portsplit_decision_time_seconds histogram")
			.contains("portsplit_decision_time_seconds_bucket{")
			.contains("portsplit_backend_connect_time_seconds_bucket{")
			.contains("# TYPE portsplit_connections_accepted_total counter");

		// The shipped Grafana dashboard asks only for series that exist.
		String dashboard = Files.readString(Path.of("ops/grafana/portsplit-dashboard.json"));
		java.util.regex.Matcher names = java.util.regex.Pattern.compile("portsplit_[a-z_]+").matcher(dashboard);
		int found = 0;
		while (names.find()) {
			assertThat(text).as("dashboard metric %s", names.group()).contains("\n" + names.group());
			found++;
		}
		assertThat(found).isGreaterThan(10);

		HttpResponse<String> decisions = this.management.get("/actuator/metrics/portsplit.decisions");
		assertThat(decisions.statusCode()).isEqualTo(200);
		List<Map<String, Object>> tags = JsonPath.read(decisions.body(), "$.availableTags");
		assertThat(tags).extracting(tag -> tag.get("tag")).contains("service", "bind", "outcome");
	}

	@Test
	void everyRejectionAndBackendFailureSeriesExistsAtZeroFromTheStart() throws Exception {
		this.management = launch(config().replace("[prog]", "[prog]\nmaxconn = 4")).inProcess().management();
		String text = this.management.get("/actuator/prometheus").body();
		for (String reason : List.of("maxconn", "acl", "source_limit", "rate", "proxy_header", "no_match", "timeout")) {
			assertThat(metric("portsplit_connections_rejected_total", "bind", this.bindTag, "service", "-", "reason", reason))
				.as(reason)
				.isZero();
		}
		assertThat(metric("portsplit_connections_rejected_total", "service", "http", "reason", "backend")).isZero();
		assertThat(metric("portsplit_connections_rejected_total", "service", "dead", "reason", "backend")).isZero();
		assertThat(metric("portsplit_connections_rejected_total", "service", "prog", "reason", "exec")).isZero();
		assertThat(metric("portsplit_connections_rejected_total", "service", "prog", "reason", "service_limit")).isZero();
		assertThat(metric("portsplit_backend_connect_time_seconds_count", "service", "dead", "result", "failed")).isZero();
		assertThat(metric("portsplit_connections_accepted_total", "bind", this.bindTag)).isZero();
		// Explicit buckets, a dozen or so per series, and no tag on every JVM meter naming the application.
		long buckets = text.lines()
			.filter(line -> line.startsWith("portsplit_backend_connect_time_seconds_bucket{"))
			.filter(line -> line.contains("service=\"dead\"") && line.contains("result=\"failed\""))
			.count();
		assertThat(buckets).isBetween(5L, 20L);
		assertThat(text).doesNotContain("application=\"portsplit\"");
		assertThat(text.lines().filter(line -> line.startsWith("jvm_")).findFirst()).isPresent()
			.get()
			.asString()
			.doesNotContain("portsplit");
	}

	@Test
	void metricsCanBeTurnedOffAndTheDaemonStillServes() throws Exception {
		start("--portsplit.metrics.enabled=false");
		try (Socket client = connect()) {
			client.getOutputStream().write("GET /".getBytes());
			await().atMost(Waits.EFFECT).until(() -> this.backend.acceptedCount() == 1);
			this.backend.release();
			client.shutdownOutput();
			assertThat(Clients.sendAndReadAll(client, "")).isEqualTo("hello");
		}
		String text = this.management.get("/actuator/prometheus").body();
		assertThat(text).doesNotContain("portsplit_").contains("jvm_");
		String view = this.management.get("/actuator/portsplit").body();
		assertThat(JsonPath.<List<Object>>read(view, "$.services[?(@.counts)]")).isEmpty();
	}
}
