package io.portsplit.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Each probe says POSSIBLE only while more bytes can still make it match. Checked locally:
 * whenever a probe says POSSIBLE, some next byte keeps it from IMPOSSIBLE. Since no probe says
 * POSSIBLE at its {@code maxBytes()} (see {@link ProbeTest}), following such bytes must end
 * in MATCH, so the local check is the whole property.
 */
class ProbeExactnessTest {

	/** Probes whose rule settles within a few hundred bytes, cheap enough for random walks. */
	private static final int WALK_LIMIT = 600;

	@Test
	void possibleOnPrefixesOfEveryInputHasAWayOn() {
		for (ProtocolSamples.Sample sample : Inputs.protocols()) {
			for (Probe probe : Probe.values()) {
				byte[] bytes = sample.bytes();
				int upTo = Math.min(bytes.length, probe.maxBytes());
				for (int length = 0; length <= upTo; length++) {
					if (probe.test(bytes, length, false) == Verdict.POSSIBLE) {
						assertHasAWayOn(probe, Arrays.copyOf(bytes, length), sample.name());
					}
				}
			}
		}
	}

	@Test
	void possibleNearTheBoundsHasAWayOn() {
		List<byte[]> prefixes = new ArrayList<>();
		String open = "<stream:stream ";
		for (int pad = 990; pad <= 1_010; pad++) {
			prefixes.add(ProtocolSamples.ascii(open + " ".repeat(pad) + "jabber:cl"));
			prefixes.add(ProtocolSamples.ascii("<?xml " + " ".repeat(pad) + "?"));
		}
		for (int length = HttpHeadParser.MAX_HEAD_BYTES - 16; length < HttpHeadParser.MAX_HEAD_BYTES; length++) {
			prefixes.add(Arrays.copyOf(ProtocolSamples.ascii("GET /" + "a".repeat(HttpHeadParser.MAX_HEAD_BYTES)), length));
			prefixes.add(Arrays.copyOf(ProtocolSamples.ascii("GET /" + "a".repeat(length - 15) + " HTTP/1.1"), length));
		}
		for (byte[] prefix : prefixes) {
			for (Probe probe : List.of(Probe.XMPP, Probe.HTTP)) {
				if (probe.test(prefix, prefix.length, false) == Verdict.POSSIBLE) {
					assertHasAWayOn(probe, prefix, "near the bound, " + prefix.length + " bytes");
				}
			}
		}
	}

	@Test
	void randomWalksThroughPossibleBytesEndInMatch() {
		SplittableRandom random = new SplittableRandom(20_260_101);
		for (Probe probe : Probe.values()) {
			if (probe.maxBytes() > WALK_LIMIT) {
				continue;
			}
			for (int walk = 0; walk < 20; walk++) {
				byte[] bytes = new byte[probe.maxBytes()];
				int length = 0;
				Verdict verdict = probe.test(bytes, 0, false);
				while (verdict == Verdict.POSSIBLE) {
					assertThat(length).as("%s walk %d", probe, walk).isLessThan(probe.maxBytes());
					int[] next = waysOn(probe, bytes, length);
					assertThat(next).as("%s walk %d at %d bytes", probe, walk, length).isNotEmpty();
					bytes[length] = (byte) next[random.nextInt(next.length)];
					length++;
					verdict = probe.test(bytes, length, false);
				}
				assertThat(verdict).as("%s walk %d", probe, walk).isEqualTo(Verdict.MATCH);
			}
		}
	}

	private static void assertHasAWayOn(Probe probe, byte[] prefix, String name) {
		byte[] longer = Arrays.copyOf(prefix, prefix.length + 1);
		assertThat(waysOn(probe, longer, prefix.length)).as("%s POSSIBLE on %d bytes of %s, but no byte leads on", probe,
				prefix.length, name).isNotEmpty();
	}

	/** The values of byte {@code length} after which the probe does not say IMPOSSIBLE. */
	private static int[] waysOn(Probe probe, byte[] bytes, int length) {
		List<Integer> ways = new ArrayList<>();
		for (int b = 0; b < 256; b++) {
			bytes[length] = (byte) b;
			if (probe.test(bytes, length + 1, false) != Verdict.IMPOSSIBLE) {
				ways.add(b);
			}
		}
		return ways.stream().mapToInt(Integer::intValue).toArray();
	}
}
