package io.portsplit.proxy;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.portsplit.access.IpLiteral;
import io.portsplit.access.Ipv4Mapped;

import static io.portsplit.proxy.Bytes.address;
import static io.portsplit.proxy.Bytes.ascii;
import static io.portsplit.proxy.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Exact bytes, written out by hand from HAProxy's doc/proxy-protocol.txt, with its example addresses. */
class ProxyHeaderEncoderTest {

	private static final InetSocketAddress EXAMPLE_CLIENT = address("192.168.0.1", 56324);

	private static final InetSocketAddress EXAMPLE_SERVER = address("192.168.0.11", 443);

	private static InetSocketAddress mapped(String ipv4, int port) throws Exception {
		byte[] bytes = Ipv4Mapped.map(IpLiteral.ipv4(ipv4).getAddress());
		return new InetSocketAddress(Inet6Address.getByAddress(null, bytes, -1), port);
	}

	@Test
	void v1IsTheSpecsExampleLine() {
		assertThat(ProxyHeaderEncoder.v1(EXAMPLE_CLIENT, EXAMPLE_SERVER))
			.isEqualTo(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
	}

	@Test
	void v1AtTheSpecsLongestLines() {
		byte[] ipv4 = ProxyHeaderEncoder.v1(address("255.255.255.255", 65535), address("255.255.255.255", 65535));
		assertThat(ipv4).isEqualTo(ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n")).hasSize(56);
		String ones = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
		byte[] ipv6 = ProxyHeaderEncoder.v1(address(ones, 65535), address(ones, 65535));
		assertThat(ipv6).isEqualTo(ascii("PROXY TCP6 " + ones + " " + ones + " 65535 65535\r\n")).hasSize(104);
	}

	@Test
	void v1WritesIpv6AsRfc5952Text() {
		assertThat(ProxyHeaderEncoder.v1(address("2001:DB8:0:0:0:0:0:1", 56324), address("2001:db8::11", 443)))
			.isEqualTo(ascii("PROXY TCP6 2001:db8::1 2001:db8::11 56324 443\r\n"));
		assertThat(ProxyHeaderEncoder.v1(address("::", 0), address("::1", 1)))
			.isEqualTo(ascii("PROXY TCP6 :: ::1 0 1\r\n"));
	}

	@Test
	void v1SendsAMappedClientAsIpv4() throws Exception {
		assertThat(ProxyHeaderEncoder.v1(mapped("192.168.0.1", 56324), EXAMPLE_SERVER))
			.isEqualTo(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
		assertThat(ProxyHeaderEncoder.v1(mapped("192.168.0.1", 56324), mapped("192.168.0.11", 443)))
			.isEqualTo(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
	}

	@Test
	void v1SendsMixedFamiliesAsIpv6WithTheIpv4OneMapped() {
		assertThat(ProxyHeaderEncoder.v1(EXAMPLE_CLIENT, address("2001:db8::11", 443)))
			.isEqualTo(ascii("PROXY TCP6 ::ffff:c0a8:1 2001:db8::11 56324 443\r\n"));
		assertThat(ProxyHeaderEncoder.v1(address("2001:db8::1", 56324), EXAMPLE_SERVER))
			.isEqualTo(ascii("PROXY TCP6 2001:db8::1 ::ffff:c0a8:b 56324 443\r\n"));
	}

	@Test
	void v1LeavesScopeIdsOut() throws Exception {
		InetSocketAddress scoped = new InetSocketAddress(
				Inet6Address.getByAddress(null, IpLiteral.ipv6("fe80::1").getAddress(), 2), 1000);
		assertThat(ProxyHeaderEncoder.v1(scoped, address("fe80::2", 22)))
			.isEqualTo(ascii("PROXY TCP6 fe80::1 fe80::2 1000 22\r\n"));
	}

	@Test
	void v2ForTheSpecsExampleAddresses() {
		assertThat(ProxyHeaderEncoder.v2(EXAMPLE_CLIENT, EXAMPLE_SERVER)).isEqualTo(hex(
				// signature                        ver/cmd fam  length  source      destination  sport dport
				"0D0A0D0A 000D0A51 5549540A" + "21" + "11" + "000C" + "C0A80001" + "C0A8000B" + "DC04" + "01BB"));
	}

	@Test
	void v2ForIpv6() {
		assertThat(ProxyHeaderEncoder.v2(address("2001:db8::1", 56324), address("2001:db8::11", 443))).isEqualTo(hex(
				"0D0A0D0A 000D0A51 5549540A" + "21" + "21" + "0024"
						+ "20010DB8 00000000 00000000 00000001"
						+ "20010DB8 00000000 00000000 00000011"
						+ "DC04" + "01BB"));
	}

	@Test
	void v2SendsAMappedClientAsIpv4AndMixedFamiliesAsIpv6() throws Exception {
		assertThat(ProxyHeaderEncoder.v2(mapped("192.168.0.1", 56324), EXAMPLE_SERVER))
			.isEqualTo(ProxyHeaderEncoder.v2(EXAMPLE_CLIENT, EXAMPLE_SERVER));
		assertThat(ProxyHeaderEncoder.v2(EXAMPLE_CLIENT, address("2001:db8::11", 443))).isEqualTo(hex(
				"0D0A0D0A 000D0A51 5549540A" + "21" + "21" + "0024"
						+ "00000000 00000000 0000FFFF C0A80001"
						+ "20010DB8 00000000 00000000 00000011"
						+ "DC04" + "01BB"));
	}

	@Test
	void namesAreRefused() {
		InetSocketAddress name = InetSocketAddress.createUnresolved("example.com", 80);
		assertThatIllegalArgumentException().isThrownBy(() -> ProxyHeaderEncoder.v1(name, EXAMPLE_SERVER));
		assertThatIllegalArgumentException().isThrownBy(() -> ProxyHeaderEncoder.v2(EXAMPLE_CLIENT, name));
	}
}
