package io.portsplit.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portsplit.access.Addresses.ip;
import static io.portsplit.access.Addresses.mappedInet6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessListTest {

	private static List<AddressRange> ranges(String... texts) {
		return Arrays.stream(texts).map(AddressRange::parse).toList();
	}

	@Test
	void anEmptyListPermitsEveryone() {
		AccessList list = new AccessList(List.of(), List.of());
		assertThat(list.permits(ip("192.0.2.7"))).isTrue();
		assertThat(list.permits(ip("2001:db8::1"))).isTrue();
		assertThat(list.isEmpty()).isTrue();
		assertThat(list.describe()).isEqualTo("allow all");
		assertThat(list).isEqualTo(AccessList.permitAll());
	}

	@Test
	void allowsAreTheWholeListOfWhoMayConnect() {
		AccessList list = new AccessList(ranges("10.0.0.0/8", "2001:db8::/32"), List.of());
		assertThat(list.permits(ip("10.1.2.3"))).isTrue();
		assertThat(list.permits(ip("2001:db8::5"))).isTrue();
		assertThat(list.permits(ip("192.0.2.7"))).isFalse();
		assertThat(list.permits(ip("2001:db9::5"))).isFalse();
		assertThat(list.describe()).isEqualTo("allow 10.0.0.0/8, 2001:db8::/32");
	}

	@Test
	void withoutAllowsEveryoneNotDeniedMayConnect() {
		AccessList list = new AccessList(List.of(), ranges("10.1.0.0/16"));
		assertThat(list.permits(ip("10.1.2.3"))).isFalse();
		assertThat(list.permits(ip("10.2.0.1"))).isTrue();
		assertThat(list.permits(ip("2001:db8::1"))).isTrue();
		assertThat(list.describe()).isEqualTo("allow all; deny 10.1.0.0/16");
	}

	@Test
	void denyWinsOverAllowWhateverTheOrder() {
		AccessList list = new AccessList(ranges("10.0.0.0/8", "192.0.2.0/24"), ranges("10.1.0.0/16"));
		assertThat(list.permits(ip("10.1.2.3"))).isFalse();
		assertThat(list.permits(ip("10.2.0.1"))).isTrue();
		assertThat(list.permits(ip("192.0.2.200"))).isTrue();
		assertThat(list.permits(ip("198.51.100.1"))).isFalse();
		assertThat(list.describe()).isEqualTo("allow 10.0.0.0/8, 192.0.2.0/24; deny 10.1.0.0/16");
		assertThat(list).hasToString(list.describe());
		// A deny wider than the allow it overlaps takes all of it.
		AccessList wider = new AccessList(ranges("10.1.2.0/24"), ranges("10.0.0.0/8"));
		assertThat(wider.permits(ip("10.1.2.3"))).isFalse();
		// The same address allowed and denied is denied.
		AccessList same = new AccessList(ranges("192.0.2.7"), ranges("192.0.2.7"));
		assertThat(same.permits(ip("192.0.2.7"))).isFalse();
	}

	@Test
	void aMappedSourceIsCheckedAsIpv4() {
		AccessList list = new AccessList(ranges("192.0.2.0/24"), ranges("192.0.2.66"));
		assertThat(list.permits(mappedInet6("192.0.2.7"))).isTrue();
		assertThat(list.permits(mappedInet6("192.0.2.66"))).isFalse();
		assertThat(list.permits(mappedInet6("198.51.100.1"))).isFalse();
	}

	@Test
	void anIpv4SourceIsNotAllowedByIpv6RangesAlone() {
		AccessList list = new AccessList(ranges("::/0"), List.of());
		assertThat(list.permits(ip("2001:db8::1"))).isTrue();
		assertThat(list.permits(ip("192.0.2.7"))).isFalse();
		assertThat(list.permits(mappedInet6("192.0.2.7"))).isFalse();
	}

	@Test
	void theListIsImmutable() {
		List<AddressRange> allow = new ArrayList<>(ranges("10.0.0.0/8"));
		AccessList list = new AccessList(allow, List.of());
		allow.add(AddressRange.parse("192.0.2.0/24"));
		assertThat(list.permits(ip("192.0.2.1"))).isFalse();
		assertThat(list.allowed()).containsExactly(AddressRange.parse("10.0.0.0/8"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> list.allowed().add(AddressRange.parse("192.0.2.0/24")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> list.denied().clear());
	}

	@Test
	void listsWithTheSameRangesAreEqual() {
		AccessList one = new AccessList(ranges("10.0.0.0/8"), ranges("10.1.0.0/16"));
		AccessList two = new AccessList(ranges("10.0.0.0/8"), ranges("10.1.0.0/16"));
		assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
		assertThat(one).isNotEqualTo(new AccessList(ranges("10.1.0.0/16"), ranges("10.0.0.0/8")));
	}
}
