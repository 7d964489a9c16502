package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.Waits;

/** {@code /actuator/portsplit}: the running configuration, live counts, reload and explain, over real HTTP. */
class PortsplitEndpointTest extends PortsplitTestBase {

	HoldingBackend backend;

	int bind;

	RunningPortsplit portsplit;

	ManagementHttp management;

	@BeforeEach
	void setUp() throws Exception {
		this.backend = closeLater(new HoldingBackend("ok"));
		this.bind = FreePorts.ipv4();
	}

	void start() throws Exception {
		this.portsplit = portsplit(config());
		this.management = this.portsplit.management();
	}

	String config() {
		return "bind = 127.0.0.1:" + this.bind + "\n" // 1
				+ "timeout = 2\n" // 2
				+ "[tls]\n" // 3
				+ "string = \\16\\03\\01\n" // 4
				+ "connect = 127.0.0.1:" + this.backend.port() + "\n" // 5
				+ "[http]\n" // 6
				+ "string = GET\\20\n" // 7
				+ "string = POST\n" // 8
				+ "connect = 127.0.0.1:" + this.backend.port() + "\n" // 9
				+ "[fallback]\n" // 10
				+ "connect = 127.0.0.1:" + this.backend.port() + "\n"; // 11
	}

	@Test
	void getShowsBindsServicesInOrderPatternsWithTheFilesEscapesActionsAndLiveCounts() throws Exception {
		start();
		try (Socket client = closeLater(Clients.connect(this.bind))) {
			client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
			await().atMost(Waits.EFFECT).until(() -> this.backend.acceptedCount() == 1);
			String view = this.management.get("/actuator/portsplit").body();
			assertThat(JsonPath.<Integer>read(view, "$.services[1].counts.active")).isEqualTo(1);
			assertThat(JsonPath.<Integer>read(view, "$.openConnections")).isEqualTo(1);
		}

		HttpResponse<String> response = this.management.get("/actuator/portsplit");
		assertThat(response.statusCode()).isEqualTo(200);
		String view = response.body();
		assertThat(JsonPath.<String>read(view, "$.file")).isEqualTo(this.portsplit.configFile().toString());
		assertThat(JsonPath.<Integer>read(view, "$.maxconn")).isEqualTo(1024);
		assertThat(JsonPath.<Integer>read(view, "$.timeoutSeconds")).isEqualTo(2);
		assertThat(JsonPath.<String>read(view, "$.binds[0].address")).isEqualTo("127.0.0.1:" + this.bind);
		assertThat(JsonPath.<String>read(view, "$.binds[0].state")).isEqualTo("listening");
		assertThat(JsonPath.<List<String>>read(view, "$.services[*].name")).containsExactly("tls", "http", "fallback");
		assertThat(JsonPath.<List<String>>read(view, "$.services[0].patterns[*].string")).containsExactly("\\16\\03\\01");
		assertThat(JsonPath.<List<String>>read(view, "$.services[1].patterns[*].string")).containsExactly("GET\\20", "POST");
		assertThat(JsonPath.<List<Integer>>read(view, "$.services[1].patterns[*].line")).containsExactly(7, 8);
		assertThat(JsonPath.<String>read(view, "$.services[1].action"))
			.isEqualTo("connect 127.0.0.1:" + this.backend.port());
		assertThat(JsonPath.<List<Object>>read(view, "$.services[2].patterns")).isEmpty();
		assertThat(JsonPath.<Integer>read(view, "$.services[1].counts.decided")).isEqualTo(1);
		assertThat(JsonPath.<Integer>read(view, "$.services[0].counts.decided")).isZero();
	}

	@Test
	void postReloadsLikeSighupAndAnswersWithTheResult() throws Exception {
		start();
		this.portsplit.rewrite(config().replace("[fallback]", "[ssh]\nstring = SSH-\nconnect = 127.0.0.1:"
				+ this.backend.port() + "\n[fallback]"));

		HttpResponse<String> reload = this.management.post("/actuator/portsplit");
		assertThat(reload.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(reload.body(), "$.applied")).isTrue();
		assertThat(JsonPath.<String>read(reload.body(), "$.message")).contains("reloaded", "4 service(s)");
		String view = this.management.get("/actuator/portsplit").body();
		assertThat(JsonPath.<List<String>>read(view, "$.services[*].name")).containsExactly("tls", "http", "ssh",
				"fallback");
		// New connections use the new services at once.
		assertThat(this.management.get("/actuator/portsplit/explain?hex=5353482d").body())
			.contains("decision: service [ssh]");
	}

	@Test
	void aFailedReloadAnswersWithTheFileAndLineAndKeepsTheRunningConfiguration() throws Exception {
		start();
		this.portsplit.rewrite(config() + "[broken]\nstring = \\zz\nconnect = 127.0.0.1:1\n");

		HttpResponse<String> reload = this.management.post("/actuator/portsplit");
		assertThat(reload.statusCode()).isEqualTo(400);
		assertThat(JsonPath.<Boolean>read(reload.body(), "$.applied")).isFalse();
		assertThat(JsonPath.<String>read(reload.body(), "$.message"))
			.startsWith(this.portsplit.configFile() + ":13: ")
			.contains("\\z");
		String view = this.management.get("/actuator/portsplit").body();
		assertThat(JsonPath.<List<String>>read(view, "$.services[*].name")).containsExactly("tls", "http", "fallback");
		assertThat(this.management.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void explainThroughTheEndpointMatchesWaitsAndFallsBack() throws Exception {
		start();

		HttpResponse<String> match = this.management.get("/actuator/portsplit/explain?hex=47455420");
		assertThat(match.statusCode()).isEqualTo(200);
		assertThat(match.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
		assertThat(match.body()).isEqualTo(String.join("\n",
				"bytes: 47 45 54 20 (\"GET \")",
				"[tls] '\\16\\03\\01' (line 4): ruled out at byte 0 (0x47 != 0x16)",
				"[http] 'GET\\20' (line 7): MATCHES",
				"decision: service [http], pattern 'GET\\20' (line 7) -> connect 127.0.0.1:" + this.backend.port(),
				""));

		assertThat(this.management.get("/actuator/portsplit/explain?hex=16:03").body())
			.contains("[tls] '\\16\\03\\01' (line 4): still possible (2 of 3 bytes match)")
			.contains("decision: still possible: would wait for more bytes, then timeout after 2 s -> close (no [timeout] service)");

		assertThat(this.management.get("/actuator/portsplit/explain?hex=5353482d").body())
			.contains("decision: fallback: no pattern can match these bytes -> service [fallback] (line 10) -> connect");

		HttpResponse<String> bad = this.management.get("/actuator/portsplit/explain?hex=xyz");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).startsWith("invalid hex 'xyz'");
		assertThat(this.management.get("/actuator/portsplit/nothing?hex=47").statusCode()).isEqualTo(404);
	}
}
