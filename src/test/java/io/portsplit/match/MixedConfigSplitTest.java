package io.portsplit.match;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.portsplit.config.ConfigLoader;
import io.portsplit.config.ProgramLocator;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;
import io.portsplit.support.ChunkedFeeder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first bytes of every captured real client, split at random (and one byte at a time),
 * through a configuration that mixes every kind of condition: the decision is the one the
 * same bytes get in one read. The first-bytes services here are distinct protocols, so the
 * "as soon as" exception between prefixes cannot apply; what this pins is that ClientHellos
 * and request heads in pieces are decided as whole ones.
 */
class MixedConfigSplitTest {

	private static final String CONFIG = """
			bind = 127.0.0.1:1
			[www]
			sni = www.example.com
			connect = 127.0.0.1:1
			[h2-anywhere]
			sni = *.example.com
			alpn = h2
			connect = 127.0.0.1:2
			[http11-tls]
			alpn = http/1.1
			connect = 127.0.0.1:3
			[vhost]
			host = www.example.com
			connect = 127.0.0.1:4
			[web]
			probe = http
			connect = 127.0.0.1:5
			[ssh]
			probe = ssh
			connect = 127.0.0.1:6
			[vpn]
			probe = openvpn
			connect = 127.0.0.1:7
			[chat]
			regex = <\\?xml[^>]*>\\s*<stream:stream
			probe = xmpp
			connect = 127.0.0.1:8
			[other-tls]
			probe = tls
			connect = 127.0.0.1:9
			[fallback]
			connect = 127.0.0.1:10
			""";

	private final RoutingTable table;

	MixedConfigSplitTest() throws Exception {
		this.table = new RoutingTable(ConfigLoader.load(CONFIG, Path.of("mixed.conf"), new ProgramLocator("/bin")));
	}

	@Test
	void everyCaptureIsDecidedAsInOneReadWhateverTheSplit() {
		List<ProtocolSamples.Sample> captures = Captures.all();
		assertThat(captures).hasSizeGreaterThan(30);
		SplittableRandom random = new SplittableRandom(20261206);
		for (ProtocolSamples.Sample capture : captures) {
			Decision whole = ChunkedFeeder.oneRead(this.table, capture.bytes()).decision();
			for (int round = 0; round < 20; round++) {
				int[] reads = split(random, capture.bytes().length);
				assertThat(ChunkedFeeder.feed(this.table, capture.bytes(), reads).decision()).as(capture.name())
					.isEqualTo(whole);
			}
			int[] ones = new int[capture.bytes().length];
			java.util.Arrays.fill(ones, 1);
			assertThat(ChunkedFeeder.feed(this.table, capture.bytes(), ones).decision())
				.as(capture.name() + " one byte at a time").isEqualTo(whole);
		}
	}

	@Test
	void theCapturesGoWhereTheirProtocolSays() {
		assertThat(decide("curl-https-sni-alpn")).isEqualTo("www");
		assertThat(decide("openssl-sni-alpn")).isEqualTo("h2-anywhere");
		assertThat(decide("jdk17-sni-alpn")).isEqualTo("h2-anywhere");
		assertThat(decide("openssl-tls12")).isEqualTo("h2-anywhere");
		assertThat(decide("openssl-noservername")).isEqualTo("other-tls");
		assertThat(decide("chromium-tls-pq")).isEqualTo("www");
		assertThat(decide("firefox-tls-pq")).isEqualTo("www");
		assertThat(decide("curl-http11-host")).isEqualTo("vhost");
		assertThat(decide("curl-http10")).isEqualTo("web");
		assertThat(decide("ssh")).isEqualTo("ssh");
		assertThat(decide("openvpn-tcp-tls-crypt-v2")).isEqualTo("vpn");
		assertThat(decide("xmpp-sendxmpp")).isEqualTo("chat");
		assertThat(decide("redis-cli-ping")).isEqualTo("fallback");
	}

	private String decide(String capture) {
		return ChunkedFeeder.oneRead(this.table, Captures.named(capture).orElseThrow()).decision().serviceName();
	}

	/** Reads of 1 to a few hundred bytes, the way TCP segments and the reader's limits may cut them. */
	private static int[] split(SplittableRandom random, int length) {
		List<Integer> reads = new ArrayList<>();
		int left = length;
		while (left > 0) {
			int n = 1 + random.nextInt(Math.min(left, random.nextBoolean() ? 8 : 600));
			reads.add(n);
			left -= n;
		}
		return reads.stream().mapToInt(Integer::intValue).toArray();
	}
}
