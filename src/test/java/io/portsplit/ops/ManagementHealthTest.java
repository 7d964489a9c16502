package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/** Real HTTP to the real management port: health, probes, and where the server listens. */
class ManagementHealthTest {

	@TempDir
	Path dir;

	OpsHarness portsplit;

	int bindA;

	int bindB;

	@BeforeEach
	void setUp() throws Exception {
		this.portsplit = new OpsHarness(this.dir);
		this.bindA = OpsHarness.freePort();
		this.bindB = OpsHarness.freePort();
	}

	@AfterEach
	void tearDown() {
		this.portsplit.close();
	}

	String config() {
		return "bind = 127.0.0.1:" + this.bindA + "\nbind = 127.0.0.1:" + this.bindB + "\n"
				+ "[http]\nstring = GET\nconnect = 127.0.0.1:1\n";
	}

	@Test
	void healthIsUpWhileEveryBindListensWithPerBindDetailsAndProbeGroups() throws Exception {
		this.portsplit.start(config());
		HttpResponse<String> health = this.portsplit.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		String body = health.body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindA + "']"))
			.isEqualTo("listening");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindB + "']"))
			.isEqualTo("listening");

		HttpResponse<String> liveness = this.portsplit.get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(liveness.body(), "$.status")).isEqualTo("UP");
		HttpResponse<String> readiness = this.portsplit.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.portsplit.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.readinessState.status")).isEqualTo("UP");
	}

	@Test
	void healthAndReadinessGoDownNamingTheBindThatStoppedListening() throws Exception {
		this.portsplit.start(config());
		TcpNetServerConnectionFactory lost = this.portsplit.context.getBeansOfType(TcpNetServerConnectionFactory.class)
			.values()
			.stream()
			.filter(listener -> listener.getPort() == this.bindB)
			.findFirst()
			.orElseThrow();
		lost.stop();

		HttpResponse<String> health = this.portsplit.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		String body = health.body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<java.util.List<String>>read(body, "$.components.portsplit.details.failing"))
			.containsExactly("127.0.0.1:" + this.bindB);
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindA + "']"))
			.isEqualTo("listening");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindB + "']"))
			.isEqualTo("not listening");

		assertThat(this.portsplit.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		// Still alive: an orchestrator should not restart it for this, only stop sending clients.
		assertThat(this.portsplit.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void readinessRefusesTrafficWhileShuttingDownSoABalancerDrainsFirst() throws Exception {
		this.portsplit.start(config());
		int port = this.portsplit.managementPort();
		AtomicReference<HttpResponse<String>> duringShutdown = new AtomicReference<>();
		// Stops first (highest phase), while the listeners and the management server still run.
		((GenericApplicationContext) this.portsplit.context).getBeanFactory()
			.registerSingleton("readinessProbe", new SmartLifecycle() {

				@Override
				public void start() {
				}

				@Override
				public void stop() {
					try {
						duringShutdown.set(OpsHarness.httpGet(port, "/actuator/health/readiness"));
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}

				@Override
				public boolean isRunning() {
					return true;
				}

				@Override
				public int getPhase() {
					return Integer.MAX_VALUE;
				}
			});
		assertThat(this.portsplit.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		this.portsplit.context.close();

		assertThat(duringShutdown.get()).isNotNull();
		assertThat(duringShutdown.get().statusCode()).isEqualTo(503);
		assertThat(JsonPath.<String>read(duringShutdown.get().body(), "$.components.readinessState.status"))
			.isEqualTo("OUT_OF_SERVICE");
	}

	@Test
	void managementListensOnLoopbackOnlyAndNeverOnAMultiplexedPort() throws Exception {
		this.portsplit.start(config());
		int port = this.portsplit.managementPort();
		assertThat(port).isNotIn(this.bindA, this.bindB);
		assertThat(this.portsplit.context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void theDefaultsArePort9180OnLoopback() throws Exception {
		// Without a 'management' line the file asks for 127.0.0.1:9180; the tests override the port on the command line.
		assertThat(io.portsplit.config.Management.DEFAULT.springDefaults()).containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", 9180);
	}

	@Test
	void theWebServerCanBeLeftOutAndTheDaemonStillServes() throws Exception {
		this.portsplit.start(config(), "--spring.main.web-application-type=none");
		assertThat(this.portsplit.context).isNotInstanceOf(WebServerApplicationContext.class);
		try (java.net.Socket client = this.portsplit.connect(this.bindA)) {
			// Nothing matches "X" and there is no fallback: closed, which proves the bind serves.
			assertThat(OpsHarness.sendAndReadAll(client, "X")).isEmpty();
		}
	}

	@Test
	void portMinusOneOpensNoManagementPort() throws Exception {
		this.portsplit.start(config(), "--server.port=-1");
		assertThat(((WebServerApplicationContext) this.portsplit.context).getWebServer().getPort()).isEqualTo(-1);
	}
}
