package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every probe against every protocol's first bytes (synthetic and captured) and garbage: a
 * probe matches its own protocol's bytes and no other's, and garbage matches nothing.
 */
class CrossProtocolTest {

	@Test
	void eachProbeMatchesItsOwnClients() {
		Set<Probe> covered = EnumSet.noneOf(Probe.class);
		for (ProtocolSamples.Sample sample : Inputs.protocols()) {
			if (sample.probe() == null) {
				continue;
			}
			byte[] bytes = sample.bytes();
			assertThat(sample.probe().test(bytes, bytes.length, false)).as(sample.name()).isEqualTo(Verdict.MATCH);
			assertThat(sample.probe().test(bytes, bytes.length, true)).as(sample.name()).isEqualTo(Verdict.MATCH);
			covered.add(sample.probe());
		}
		assertThat(covered).containsExactlyInAnyOrder(Probe.values());
	}

	@Test
	void noProbeMatchesAnotherProtocolOrGarbageAtAnyLength() {
		for (ProtocolSamples.Sample sample : Inputs.all()) {
			byte[] bytes = sample.bytes();
			for (Probe probe : Probe.values()) {
				if (probe == sample.probe()) {
					continue;
				}
				int upTo = Math.min(bytes.length, probe.maxBytes());
				for (int length = 0; length <= upTo; length++) {
					assertThat(probe.test(bytes, length, false)).as("%s on %s, %d bytes", probe, sample, length)
						.isNotEqualTo(Verdict.MATCH);
				}
				assertThat(probe.test(bytes, bytes.length, true)).as("%s on all of %s, ended", probe, sample)
					.isEqualTo(Verdict.IMPOSSIBLE);
			}
		}
	}

	@Test
	void theParsersReadOnlyTheirOwnProtocol() {
		for (ProtocolSamples.Sample sample : Inputs.all()) {
			byte[] bytes = sample.bytes();
			String hello = ParserOutcomes.clientHelloWhole(bytes, true);
			String head = ParserOutcomes.httpHeadWhole(bytes, true);
			if (sample.probe() == Probe.TLS) {
				assertThat(hello).as(sample.name()).startsWith("COMPLETE");
			}
			else {
				assertThat(hello).as(sample.name()).isEqualTo("INVALID");
			}
			if (sample.probe() == Probe.HTTP) {
				assertThat(head).as(sample.name()).contains("head COMPLETE");
			}
			else {
				assertThat(head).as(sample.name()).startsWith("request line INVALID");
			}
		}
	}

	@Test
	void theOneKnownOverlapIsAnOpenVpnResetOfLength1025ReadAsSocks4() {
		// Length 0x0401, opcode 0x50, a session id whose last three bytes read as a user id, packet id 1.
		byte[] reset = ProtocolSamples.bytes(0x04, 0x01, 0x50, 0x11, 0x22, 0x33, 0x44, 0x55, 'a', 'b', 'c', 0, 0, 0, 1);
		assertThat(Probe.OPENVPN.test(reset, reset.length, false)).isEqualTo(Verdict.MATCH);
		assertThat(Probe.SOCKS4.test(reset, reset.length, false)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void capturesOfRealClientsArePresentForEveryProbe() {
		List<ProtocolSamples.Sample> captures = Captures.all();
		Set<Probe> captured = EnumSet.noneOf(Probe.class);
		captures.stream().filter(s -> s.probe() != null).forEach(s -> captured.add(s.probe()));
		assertThat(captured).containsExactlyInAnyOrder(Probe.values());
	}
}
