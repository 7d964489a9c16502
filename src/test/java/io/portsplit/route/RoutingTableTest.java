package io.portsplit.route;

import static io.portsplit.match.Conditions.bytes;
import static io.portsplit.route.Services.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.portsplit.config.BindAddress;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;

/** The README's "Matching" as the routing table applies it: rules 1–4 and the special services. */
class RoutingTableTest {

	static final ServiceSpec HTTP = service("http", "GET ", "POST ");

	static final ServiceSpec SSH = service("ssh", "SSH-");

	static final ServiceSpec FALLBACK = service(ServiceSpec.FALLBACK, List.of());

	static final ServiceSpec TIMEOUT = service(ServiceSpec.TIMEOUT, List.of());

	static PortsplitConfig config(List<ServiceSpec> services, Optional<ServiceSpec> fallback,
			Optional<ServiceSpec> timeout) {
		return new PortsplitConfig(Path.of("test.conf"),
				List.of(new BindAddress(InetAddress.getLoopbackAddress(), 9090)), 1024, Optional.empty(),
				Duration.ofSeconds(5), services, fallback, timeout, List.of());
	}

	static RoutingTable table(boolean withFallback, boolean withTimeout) {
		return new RoutingTable(config(List.of(HTTP, SSH), withFallback ? Optional.of(FALLBACK) : Optional.empty(),
				withTimeout ? Optional.of(TIMEOUT) : Optional.empty()));
	}

	static Optional<Decision> decide(RoutingTable table, String data, Trigger trigger) {
		return table.decide(table.matcher().firstBytes(bytes(data)), trigger);
	}

	@Test
	void aMatchNamesServiceAndPattern() {
		Decision decision = decide(table(true, true), "POST /x", Trigger.DATA).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.MATCH);
		assertThat(decision.service()).containsSame(HTTP);
		assertThat(decision.matched()).containsExactly(HTTP.conditions().get(1));
		assertThat(decision.serviceName()).isEqualTo("http");
		assertThat(decision.reason()).isEqualTo("pattern 'POST\\20'");
	}

	@Test
	void waitsWhileMoreBytesCouldStillMatch() {
		RoutingTable table = table(true, true);
		assertThat(decide(table, "", Trigger.DATA)).isEmpty();
		assertThat(decide(table, "G", Trigger.DATA)).isEmpty();
		assertThat(decide(table, "SSH", Trigger.DATA)).isEmpty();
	}

	@Test
	void bytesThatCanNoLongerMatchGoToFallback() {
		Decision decision = decide(table(true, true), "GEX", Trigger.DATA).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.FALLBACK);
		assertThat(decision.service()).containsSame(FALLBACK);
		assertThat(decision.matched()).isEmpty();
		assertThat(decision.reason()).isEqualTo("fallback");
	}

	@Test
	void withoutFallbackSuchAClientIsClosed() {
		Decision decision = decide(table(false, true), "X", Trigger.DATA).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.FALLBACK);
		assertThat(decision.service()).isEmpty();
		assertThat(decision.serviceName()).isEqualTo("-");
	}

	@Test
	void deadlineChoosesTheTimeoutService() {
		for (String data : List.of("", "G", "SSH")) {
			Decision decision = decide(table(true, true), data, Trigger.DEADLINE).orElseThrow();
			assertThat(decision.outcome()).as(data).isEqualTo(Outcome.TIMEOUT);
			assertThat(decision.service()).containsSame(TIMEOUT);
			assertThat(decision.reason()).isEqualTo("timeout");
		}
	}

	@Test
	void deadlineWithoutTimeoutServiceCloses() {
		Decision decision = decide(table(true, false), "", Trigger.DEADLINE).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(decision.service()).isEmpty();
	}

	@Test
	void endOfStreamWithoutBytesClosesEvenWithAFallback() {
		Decision decision = decide(table(true, true), "", Trigger.END_OF_STREAM).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.EOF);
		assertThat(decision.service()).isEmpty();
		assertThat(decision.reason()).isEqualTo("eof");
	}

	@Test
	void endOfStreamWithBytesThatCouldStillMatchGoesToFallback() {
		Decision decision = decide(table(true, true), "GE", Trigger.END_OF_STREAM).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.FALLBACK);
		assertThat(decision.service()).containsSame(FALLBACK);
		Decision closed = decide(table(false, true), "SSH", Trigger.END_OF_STREAM).orElseThrow();
		assertThat(closed.outcome()).isEqualTo(Outcome.FALLBACK);
		assertThat(closed.service()).isEmpty();
	}

	@Test
	void endOfStreamAfterACompleteMatchIsStillThatMatch() {
		Decision decision = decide(table(true, true), "SSH-", Trigger.END_OF_STREAM).orElseThrow();
		assertThat(decision.outcome()).isEqualTo(Outcome.MATCH);
		assertThat(decision.service()).containsSame(SSH);
	}

	@Test
	void maxBytesAndTimeoutComeFromTheConfiguration() throws Exception {
		PortsplitConfig config = ConfigLoader.load("""
				bind = 127.0.0.1:9090
				timeout = 7
				[tls]
				string = \\16\\03\\01
				connect = 127.0.0.1:1
				[ssh]
				string = SSH-2.0-
				connect = 127.0.0.1:2
				[fallback]
				connect = 127.0.0.1:3
				""", Path.of("routing.conf"));
		RoutingTable table = new RoutingTable(config);
		assertThat(table.matcher().maxBytes()).isEqualTo(8);
		assertThat(table.timeout()).isEqualTo(Duration.ofSeconds(7));
		byte[] hello = { 0x16, 0x03, 0x01, 0x00 };
		Decision tls = table.decide(table.matcher().firstBytes(hello), Trigger.DATA).orElseThrow();
		assertThat(tls.serviceName()).isEqualTo("tls");
		assertThat(tls.reason()).isEqualTo("pattern '\\16\\03\\01'");
		assertThat(table.service("fallback")).isPresent();
		assertThat(table.service("nope")).isEmpty();
	}
}
