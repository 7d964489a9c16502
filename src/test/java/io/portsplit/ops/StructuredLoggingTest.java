package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Launch;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.Waits;

/**
 * README "Logging" lines as JSON through Spring Boot's structured logging, one property away.
 * The JSON stays with these tests: afterwards this JVM logs text again ({@link LoggingRestorer}).
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest extends PortsplitTestBase {

	int bind;

	LoggingRestorer logging;

	@BeforeEach
	void setUp() {
		// The first to be registered, so the last to be closed: after every context of the test.
		this.logging = closeLater(new LoggingRestorer());
		this.bind = FreePorts.ipv4();
	}

	String config() {
		return "bind = 127.0.0.1:" + this.bind + "\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n";
	}

	/** portsplit with its connection lines, in {@code format} if not null. */
	RunningPortsplit start(String format) throws Exception {
		Launch launch = launch(config()).withLogs();
		if (format != null) {
			launch.args("--logging.structured.format.console=" + format);
		}
		return launch.inProcess();
	}

	/** Sends bytes that match nothing: one "decided" and one "ended" line. */
	void oneConnection() throws Exception {
		try (Socket client = Clients.connect(this.bind)) {
			Clients.sendAndReadAll(client, "XYZ");
		}
	}

	String lineWith(CapturedOutput output, String text) {
		await().atMost(Waits.EFFECT).until(() -> output.getOut().contains(text));
		return output.getOut().lines().filter(line -> line.contains(text)).findFirst().orElseThrow();
	}

	@Test
	void ecsCarriesTheConnectionFactsAsFields(CapturedOutput output) throws Exception {
		start("ecs");
		oneConnection();

		String decided = lineWith(output, "\"outcome\":\"fallback\"");
		assertThat(JsonPath.<String>read(decided, "$.log.logger")).isEqualTo("portsplit.connections");
		Map<String, Object> fields = JsonPath.read(decided, "$.portsplit");
		assertThat(fields).containsEntry("service", "-")
			.containsEntry("bind", "127.0.0.1:" + this.bind)
			.containsEntry("outcome", "fallback")
			.containsEntry("target", "close")
			.containsKeys("connection", "client");
		// ECS's own service object is left alone.
		assertThat(JsonPath.<String>read(decided, "$.service.name")).isEqualTo("portsplit");

		String ended = lineWith(output, "\"bytesFromClient\":3");
		assertThat(JsonPath.<String>read(ended, "$.log.level")).isEqualTo("WARN");
		assertThat(JsonPath.<String>read(ended, "$.portsplit.reason")).contains("no [fallback] service");
		assertThat(JsonPath.<Integer>read(ended, "$.portsplit.bytesToClient")).isZero();
		assertThat(JsonPath.<Object>read(ended, "$.portsplit.durationMs")).isNotNull();
	}

	@Test
	void logstashCarriesThemAsFlatKeys(CapturedOutput output) throws Exception {
		start("logstash");
		oneConnection();

		String decided = lineWith(output, "\"portsplit.outcome\":\"fallback\"");
		assertThat(JsonPath.<String>read(decided, "$['portsplit.bind']")).isEqualTo("127.0.0.1:" + this.bind);
		assertThat(JsonPath.<String>read(decided, "$.logger_name")).isEqualTo("portsplit.connections");
	}

	/** What runs after these tests in this JVM logs text lines, as the README "Logging" shows them, not JSON. */
	@Test
	void oncePutBackAPortsplitStartedLaterLogsTextLines(CapturedOutput output) throws Exception {
		RunningPortsplit json = start("ecs");
		oneConnection();
		lineWith(output, "\"outcome\":\"fallback\"");
		json.close();
		this.logging.restore();
		assertThat(this.logging.changedSystemProperties()).isEmpty();
		assertThat(LoggingRestorer.structuredAppenders()).isEmpty();

		int before = output.getOut().length();
		start(null);
		oneConnection();
		String fallback = "on 127.0.0.1:" + this.bind + " -> [-] close";
		await().atMost(Waits.EFFECT).until(() -> output.getOut().substring(before).contains(fallback));
		String decided = output.getOut().substring(before).lines().filter(line -> line.contains(fallback)).findFirst()
			.orElseThrow();
		assertThat(decided).doesNotStartWith("{").contains(" INFO ").contains("portsplit.connections");
	}
}
