package io.portsplit.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpLiteralTest {

	@Test
	void dottedQuadsAreIpv4() {
		assertThat(IpLiteral.ipv4("192.0.2.7")).isInstanceOf(Inet4Address.class);
		assertThat(IpLiteral.ipv4("192.0.2.7").getAddress()).containsExactly(192, 0, 2, 7);
		assertThat(IpLiteral.ipv4("0.0.0.0").getAddress()).containsExactly(0, 0, 0, 0);
		assertThat(IpLiteral.ipv4("255.255.255.255").getAddress()).containsExactly(255, 255, 255, 255);
		assertThat(IpLiteral.parse("10.200.0.99").getAddress()).containsExactly(10, 200, 0, 99);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.1", "10.1.2", "1", "010.0.0.1", "10.0.0.01", "1.2.3.256", "300.1.1.1", "1.2.3.4.5",
			"1..2.3", ".1.2.3", "1.2.3.", "0x7f.0.0.1", " 1.2.3.4", "1.2.3.4 ", "localhost", "example.com", "1.2.3.4x",
			"", "١.٢.٣.٤", "1.2.3.-4", "+1.2.3.4", "4294967295" })
	void anythingButAStrictDottedQuadIsNotIpv4(String text) {
		assertThat(IpLiteral.ipv4(text)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> IpLiteral.parse(text));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2001:db8::7              | 2001:db8::7
			::1                      | ::1
			::                       | ::
			1:2:3:4:5:6:7:8          | 1:2:3:4:5:6:7:8
			1:2:3:4:5:6:7::          | 1:2:3:4:5:6:7:0
			2001:DB8:0:0:0:0:0:ABCD  | 2001:db8::abcd
			1:2:3:4:5:6:1.2.3.4      | 1:2:3:4:5:6:102:304
			::1.2.3.4                | ::102:304
			0001:02:003::            | 1:2:3::
			""")
	void ipv6TextIsIpv6(String text, String canonical) {
		InetAddress address = IpLiteral.ipv6(text);
		assertThat(address).isInstanceOf(Inet6Address.class);
		assertThat(IpLiteral.format(address)).isEqualTo(canonical);
		assertThat(IpLiteral.parse(text)).isEqualTo(address);
	}

	@Test
	void aMappedAddressIsItsIpv4Address() {
		assertThat(IpLiteral.ipv6("::ffff:192.0.2.7")).isEqualTo(IpLiteral.ipv4("192.0.2.7"));
		assertThat(IpLiteral.ipv6("::ffff:c000:207")).isEqualTo(IpLiteral.ipv4("192.0.2.7"));
		assertThat(IpLiteral.parse("::FFFF:192.0.2.7")).isInstanceOf(Inet4Address.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00001::", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", ":1::", "1::2:", ":", "1:", "g::1",
			"::ffff:010.0.0.1", "::ffff:1.2.3", "::ffff:1.2.3.256", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4",
			"fe80::1%eth0", "fe80::1%1", "[::1]", "::1 ", " ::1", "dead:beef", "1.2.3.4", "localhost",
			"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" })
	void anythingButIpv6TextIsNotIpv6(String text) {
		assertThat(IpLiteral.ipv6(text)).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			""             | no address
			127.1          | '127.1' is not a dotted quad: write all four parts
			010.0.0.1      | '010.0.0.1' has a part with a leading zero, which could be read as octal
			10.0.0.256     | '10.0.0.256' has a part above 255
			1.2.3.4.5      | '1.2.3.4.5' is not an IPv4 address
			localhost      | 'localhost' is not an IP address (names are not accepted)
			example.com    | 'example.com' is not an IP address (names are not accepted)
			[::1]          | '[::1]' is in brackets: write the address alone
			fe80::1%eth0   | 'fe80::1%eth0' has a zone id: zone ids are not accepted
			1::2::3        | '1::2::3' is not an IPv6 address
			""")
	void parseSaysWhatIsWrong(String text, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> IpLiteral.parse(text)).withMessage(message);
	}

	/** RFC 5952 section 4, rule by rule. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2001:0db8:0000:0000:0000:0000:0002:0001 | 2001:db8::2:1
			2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1
			2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1
			2001:db8:0:0:1:0:0:0                    | 2001:db8:0:0:1::
			2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1
			0:0:0:0:0:0:0:0                         | ::
			0:0:0:0:0:0:0:1                         | ::1
			1:0:0:0:0:0:0:0                         | 1::
			0:1:0:1:0:1:0:1                         | 0:1:0:1:0:1:0:1
			2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF  | 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff
			fe80:0:0:0:0:0:0:1                      | fe80::1
			""")
	void ipv6IsWrittenAsRfc5952Says(String text, String canonical) {
		InetAddress address = IpLiteral.ipv6(text);
		assertThat(IpLiteral.format(address)).isEqualTo(canonical);
		assertThat(IpLiteral.ipv6(canonical)).isEqualTo(address);
	}

	@Test
	void mappedBytesAreWrittenInHex() {
		assertThat(IpLiteral.format(Ipv4Mapped.map(new byte[] { (byte) 192, 0, 2, 7 }))).isEqualTo("::ffff:c000:207");
	}

	@Test
	void ipv4IsADottedQuad() {
		assertThat(IpLiteral.format(IpLiteral.ipv4("192.0.2.7"))).isEqualTo("192.0.2.7");
		assertThat(IpLiteral.format(new byte[] { (byte) 255, 0, 10, 1 })).isEqualTo("255.0.10.1");
	}

	@Test
	void aScopeIdIsNotWritten() throws Exception {
		InetAddress scoped = Inet6Address.getByAddress(null, IpLiteral.ipv6("fe80::1").getAddress(), 3);
		assertThat(IpLiteral.format(scoped)).isEqualTo("fe80::1");
	}

	@Test
	void onlyFourOrSixteenBytesAreAnAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpLiteral.format(new byte[5]));
	}
}
