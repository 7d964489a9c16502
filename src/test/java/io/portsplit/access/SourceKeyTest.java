package io.portsplit.access;

import org.junit.jupiter.api.Test;

import static io.portsplit.access.Addresses.ip;
import static io.portsplit.access.Addresses.mappedInet6;
import static org.assertj.core.api.Assertions.assertThat;

class SourceKeyTest {

	@Test
	void anIpv4SourceIsOneAddress() {
		SourceKey key = SourceKey.of(ip("192.0.2.7"));
		assertThat(key).isEqualTo(SourceKey.of(ip("192.0.2.7"))).hasSameHashCodeAs(SourceKey.of(ip("192.0.2.7")));
		assertThat(key).isNotEqualTo(SourceKey.of(ip("192.0.2.8")));
		assertThat(key.isIpv4()).isTrue();
		assertThat(key).hasToString("192.0.2.7");
	}

	@Test
	void aMappedSourceIsItsIpv4Address() {
		assertThat(SourceKey.of(mappedInet6("192.0.2.7"))).isEqualTo(SourceKey.of(ip("192.0.2.7")));
		assertThat(SourceKey.of(ip("::ffff:192.0.2.7"))).isEqualTo(SourceKey.of(ip("192.0.2.7")));
		assertThat(SourceKey.of(mappedInet6("0.0.0.0"))).isEqualTo(SourceKey.of(ip("0.0.0.0")));
	}

	@Test
	void anIpv6SourceIsOneSlash64() {
		SourceKey key = SourceKey.of(ip("2001:db8:1:2::1"));
		assertThat(SourceKey.of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(key).hasSameHashCodeAs(key);
		assertThat(SourceKey.of(ip("2001:db8:1:3::1"))).isNotEqualTo(key);
		assertThat(key.isIpv4()).isFalse();
		assertThat(key).hasToString("2001:db8:1:2::/64");
		assertThat(SourceKey.of(ip("::1"))).hasToString("::/64");
		assertThat(SourceKey.of(ip("ffff:ffff:ffff:ffff::"))).hasToString("ffff:ffff:ffff:ffff::/64");
	}

	@Test
	void ipv4AndIpv6SourcesNeverMeet() {
		assertThat(SourceKey.of(ip("0.0.0.0"))).isNotEqualTo(SourceKey.of(ip("::")));
		assertThat(SourceKey.of(ip("::192.0.2.7"))).isNotEqualTo(SourceKey.of(ip("192.0.2.7")));
		// The mapped block itself, written as IPv6 /64, is the /64 ::, not an IPv4 source.
		assertThat(SourceKey.of(ip("::ffff:0:0:1")).isIpv4()).isFalse();
	}

	@Test
	void orderAgreesWithEquality() {
		SourceKey a = SourceKey.of(ip("192.0.2.7"));
		SourceKey b = SourceKey.of(ip("192.0.2.8"));
		SourceKey c = SourceKey.of(ip("2001:db8::1"));
		assertThat(a.compareTo(SourceKey.of(ip("192.0.2.7")))).isZero();
		assertThat(a.compareTo(b)).isNegative();
		assertThat(b.compareTo(a)).isPositive();
		assertThat(a.compareTo(c)).isNegative();
		assertThat(c.compareTo(SourceKey.of(ip("ffff::1")))).isNegative();
	}
}
