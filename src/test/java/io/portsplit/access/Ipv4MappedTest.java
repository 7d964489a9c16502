package io.portsplit.access;

import java.net.Inet4Address;

import org.junit.jupiter.api.Test;

import static io.portsplit.access.Addresses.ip;
import static io.portsplit.access.Addresses.mappedInet6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Ipv4MappedTest {

	@Test
	void aMappedInet6AddressIsUnmapped() {
		assertThat(mappedInet6("192.0.2.7").getAddress()).hasSize(16);
		assertThat(Ipv4Mapped.unmappedBytes(mappedInet6("192.0.2.7"))).containsExactly(192, 0, 2, 7);
		assertThat(Ipv4Mapped.unmap(mappedInet6("192.0.2.7"))).isInstanceOf(Inet4Address.class)
			.isEqualTo(ip("192.0.2.7"));
	}

	@Test
	void otherAddressesStayAsTheyAre() {
		assertThat(Ipv4Mapped.unmappedBytes(ip("192.0.2.7"))).containsExactly(192, 0, 2, 7);
		assertThat(Ipv4Mapped.unmappedBytes(ip("2001:db8::1"))).hasSize(16);
		assertThat(Ipv4Mapped.unmap(ip("::1"))).isEqualTo(ip("::1"));
		// IPv4-compatible (::a.b.c.d) is not mapped.
		assertThat(Ipv4Mapped.unmappedBytes(ip("::192.0.2.7"))).hasSize(16);
		assertThat(Ipv4Mapped.isMapped(ip("::ffff:0:0:1").getAddress())).isFalse();
	}

	@Test
	void mapGivesTheMappedBytes() {
		byte[] mapped = Ipv4Mapped.map(new byte[] { 1, 2, 3, 4 });
		assertThat(mapped).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4);
		assertThat(Ipv4Mapped.isMapped(mapped)).isTrue();
		assertThat(Ipv4Mapped.isMapped(new byte[] { 1, 2, 3, 4 })).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> Ipv4Mapped.map(new byte[16]));
	}
}
