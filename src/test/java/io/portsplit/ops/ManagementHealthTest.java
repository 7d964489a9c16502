package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import io.portsplit.lifecycle.ConfigurationApplied;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;

/** Real HTTP to the real management port: health, probes, and where the server listens. */
class ManagementHealthTest extends PortsplitTestBase {

	int bindA;

	int bindB;

	@BeforeEach
	void setUp() {
		this.bindA = FreePorts.ipv4();
		this.bindB = FreePorts.ipv4();
	}

	String config() {
		return "bind = 127.0.0.1:" + this.bindA + "\nbind = 127.0.0.1:" + this.bindB + "\n"
				+ "[http]\nstring = GET\nconnect = 127.0.0.1:1\n";
	}

	@Test
	void healthIsUpWhileEveryBindListensWithPerBindDetailsAndProbeGroups() throws Exception {
		ManagementHttp management = portsplit(config()).management();
		HttpResponse<String> health = management.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		String body = health.body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindA + "']"))
			.isEqualTo("listening");
		assertThat(JsonPath.<String>read(body, "$.components.portsplit.details.binds['127.0.0.1:" + this.bindB + "']"))
			.isEqualTo("listening");

		HttpResponse<String> liveness = management.get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(liveness.body(), "$.status")).isEqualTo("UP");
		HttpResponse<String> readiness = management.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.portsplit.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.readinessState.status")).isEqualTo("UP");
	}

	@Test
	void healthAndReadinessGoDownNamingTheBindThatStoppedListening() throws Exception {
		RunningPortsplit portsplit = portsplit(config());
		ManagementHttp management = portsplit.management();
		TcpNetServerConnectionFactory lost = BeanFactoryUtils
			.beansOfTypeIncludingAncestors(portsplit.context(), TcpNetServerConnectionFactory.class)
			.values()
			.stream()
			.filter(listener -> listener.getPort() == this.bindB)
			.findFirst()
			.orElseThrow();
		lost.stop();

		HttpResponse<String> health = management.get("/actuator/health");
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

		assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		// Still alive: an orchestrator should not restart it for this, only stop sending clients.
		assertThat(management.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void readinessRefusesTrafficWhileShuttingDownSoABalancerDrainsFirst() throws Exception {
		RunningPortsplit portsplit = portsplit(config());
		ManagementHttp management = portsplit.management();
		AtomicReference<HttpResponse<String>> duringShutdown = new AtomicReference<>();
		// Stops first (highest phase), while the listeners and the management server still run.
		((GenericApplicationContext) portsplit.context()).getBeanFactory()
			.registerSingleton("readinessProbe", new SmartLifecycle() {

				@Override
				public void start() {
				}

				@Override
				public void stop() {
					try {
						duringShutdown.set(management.get("/actuator/health/readiness"));
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
		assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		portsplit.close();

		assertThat(duringShutdown.get()).isNotNull();
		assertThat(duringShutdown.get().statusCode()).isEqualTo(503);
		assertThat(JsonPath.<String>read(duringShutdown.get().body(), "$.components.readinessState.status"))
			.isEqualTo("OUT_OF_SERVICE");
		assertThat(JsonPath.<String>read(duringShutdown.get().body(), "$.components.portsplit.details.state"))
			.isEqualTo("stopping");
	}

	@Test
	void aFollowerOfTheAppliedFileThatFailsDoesNotUndoTheReload() throws Exception {
		RunningPortsplit portsplit = portsplit(config());
		ConfigurableApplicationContext core = (ConfigurableApplicationContext) portsplit.context().getParent();
		core.addApplicationListener(ApplicationListener.forPayload((ConfigurationApplied applied) -> {
			throw new IllegalStateException("a follower's fault");
		}));
		assertThat(core.getBean(Reloader.class).reload().applied()).isTrue();
		assertThat(JsonPath.<String>read(portsplit.management().get("/actuator/health/readiness").body(),
				"$.components.portsplit.details.state"))
			.isEqualTo("serving");
		try (Socket client = Clients.connect(this.bindA)) {
			// Nothing matches "X" and there is no fallback: closed, which proves the bind serves.
			assertThat(Clients.sendAndReadAll(client, "X")).isEmpty();
		}
	}

	@Test
	void duringAReloadTheStateSaysReloadingAndReadinessStaysUp() throws Exception {
		RunningPortsplit portsplit = portsplit(config());
		ManagementHttp management = portsplit.management();
		AtomicReference<HttpResponse<String>> duringReload = new AtomicReference<>();
		// The new file is applied (binds, admission, pid file) and the reload not yet over.
		ConfigurableApplicationContext core = (ConfigurableApplicationContext) portsplit.context().getParent();
		core.addApplicationListener(ApplicationListener.forPayload((ConfigurationApplied applied) -> {
			try {
				duringReload.set(management.get("/actuator/health/readiness"));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}));
		assertThat(core.getBean(Reloader.class).reload().applied()).isTrue();

		assertThat(duringReload.get()).isNotNull();
		// The binds serve throughout: a balancer has no reason to stop sending clients.
		assertThat(duringReload.get().statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(duringReload.get().body(), "$.components.portsplit.details.state"))
			.isEqualTo("reloading");
		assertThat(JsonPath.<String>read(management.get("/actuator/health/readiness").body(),
				"$.components.portsplit.details.state"))
			.isEqualTo("serving");
	}

	@Test
	void managementListensOnLoopbackOnlyAndNeverOnAMultiplexedPort() throws Exception {
		RunningPortsplit portsplit = portsplit(config());
		int port = portsplit.managementPort();
		assertThat(port).isNotIn(this.bindA, this.bindB);
		assertThat(portsplit.context().getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void theDefaultsArePort9180OnLoopback() throws Exception {
		// Without a 'management' line the file asks for 127.0.0.1:9180; the tests override the port on the command line.
		assertThat(io.portsplit.config.Management.DEFAULT.springDefaults()).containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", 9180);
	}

	@Test
	void theWebServerCanBeLeftOutAndTheDaemonStillServes() throws Exception {
		RunningPortsplit portsplit = launch(config()).args("--spring.main.web-application-type=none").inProcess();
		assertThat(portsplit.context()).isNotInstanceOf(WebServerApplicationContext.class);
		try (Socket client = Clients.connect(this.bindA)) {
			// Nothing matches "X" and there is no fallback: closed, which proves the bind serves.
			assertThat(Clients.sendAndReadAll(client, "X")).isEmpty();
		}
	}

	@Test
	void portMinusOneOpensNoManagementPort() throws Exception {
		RunningPortsplit portsplit = launch(config()).withoutManagement().inProcess();
		assertThat(((WebServerApplicationContext) portsplit.context()).getWebServer().getPort()).isEqualTo(-1);
	}
}
