package io.portsplit.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.portsplit.access.Addresses.ip;
import static io.portsplit.access.Addresses.mappedInet6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressRangeTest {

	@Test
	void anIpv4BlockContainsItsAddressesOnly() {
		AddressRange range = AddressRange.parse("10.0.0.0/8");
		assertThat(range.contains(ip("10.0.0.0"))).isTrue();
		assertThat(range.contains(ip("10.255.255.255"))).isTrue();
		assertThat(range.contains(ip("10.1.2.3"))).isTrue();
		assertThat(range.contains(ip("11.0.0.0"))).isFalse();
		assertThat(range.contains(ip("9.255.255.255"))).isFalse();
	}

	@Test
	void prefixesNeedNotEndOnAByte() {
		AddressRange range = AddressRange.parse("10.128.0.0/9");
		assertThat(range.contains(ip("10.200.0.1"))).isTrue();
		assertThat(range.contains(ip("10.127.255.255"))).isFalse();
		AddressRange six = AddressRange.parse("2001:db8:8000::/33");
		assertThat(six.contains(ip("2001:db8:ffff::1"))).isTrue();
		assertThat(six.contains(ip("2001:db8:7fff::1"))).isFalse();
	}

	@Test
	void aSingleAddressIsAFullLengthPrefix() {
		AddressRange one = AddressRange.parse("192.0.2.7");
		assertThat(one).isEqualTo(AddressRange.parse("192.0.2.7/32"));
		assertThat(one.contains(ip("192.0.2.7"))).isTrue();
		assertThat(one.contains(ip("192.0.2.8"))).isFalse();
		assertThat(one).hasToString("192.0.2.7");
		AddressRange loopback = AddressRange.parse("::1");
		assertThat(loopback).isEqualTo(AddressRange.parse("::1/128"));
		assertThat(loopback.contains(ip("::1"))).isTrue();
		assertThat(loopback.contains(ip("::2"))).isFalse();
		assertThat(loopback).hasToString("::1");
	}

	@Test
	void anIpv6BlockContainsItsAddressesOnly() {
		AddressRange range = AddressRange.parse("2001:db8::/32");
		assertThat(range.contains(ip("2001:db8::1"))).isTrue();
		assertThat(range.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
		assertThat(range.contains(ip("2001:db9::"))).isFalse();
	}

	@Test
	void theFamiliesAreSeparate() {
		AddressRange allIpv4 = AddressRange.parse("0.0.0.0/0");
		AddressRange allIpv6 = AddressRange.parse("::/0");
		assertThat(allIpv4.contains(ip("192.0.2.7"))).isTrue();
		assertThat(allIpv4.contains(ip("::1"))).isFalse();
		assertThat(allIpv4.contains(ip("::192.0.2.7"))).isFalse();
		assertThat(allIpv6.contains(ip("2001:db8::1"))).isTrue();
		assertThat(allIpv6.contains(ip("192.0.2.7"))).isFalse();
		assertThat(allIpv6.contains(mappedInet6("192.0.2.7"))).isFalse();
	}

	@Test
	void aMappedSourceIsMatchedAsIpv4() {
		AddressRange range = AddressRange.parse("192.0.2.0/24");
		assertThat(range.contains(mappedInet6("192.0.2.7"))).isTrue();
		assertThat(range.contains(ip("::ffff:192.0.2.7"))).isTrue();
		assertThat(range.contains(mappedInet6("192.0.3.7"))).isFalse();
	}

	@Test
	void aRangeWrittenInTheMappedBlockIsTheIpv4Range() {
		AddressRange mapped = AddressRange.parse("::ffff:10.0.0.0/104");
		assertThat(mapped).isEqualTo(AddressRange.parse("10.0.0.0/8"));
		assertThat(mapped).hasToString("10.0.0.0/8");
		assertThat(mapped.contains(ip("10.9.9.9"))).isTrue();
		assertThat(AddressRange.parse("::ffff:192.0.2.7")).hasToString("192.0.2.7");
		assertThat(AddressRange.parse("::ffff:0:0/96")).isEqualTo(AddressRange.parse("0.0.0.0/0"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			10.0.0.0/8              | 10.0.0.0/8
			192.0.2.7/32            | 192.0.2.7
			0.0.0.0/0               | 0.0.0.0/0
			2001:DB8:0:0::/32       | 2001:db8::/32
			2001:db8:0:0:1::/80     | 2001:db8:0:0:1::/80
			::/0                    | ::/0
			0:0:0:0:0:0:0:1/128     | ::1
			fe80::/10               | fe80::/10
			""")
	void theTextIsCanonicalAndParsesBackEqual(String text, String canonical) {
		AddressRange range = AddressRange.parse(text);
		assertThat(range).hasToString(canonical);
		assertThat(AddressRange.parse(canonical)).isEqualTo(range).hasSameHashCodeAs(range);
	}

	@Test
	void rangesDifferByPrefixAndFamily() {
		assertThat(AddressRange.parse("10.0.0.0/8")).isNotEqualTo(AddressRange.parse("10.0.0.0/16"));
		assertThat(AddressRange.parse("0.0.0.0/0")).isNotEqualTo(AddressRange.parse("::/0"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			10.0.0.1/8        | bad address range '10.0.0.1/8': host bits are set after the /8 prefix: did you mean '10.0.0.0/8'?
			192.0.2.7/24      | bad address range '192.0.2.7/24': host bits are set after the /24 prefix: did you mean '192.0.2.0/24'?
			2001:db8::1/32    | bad address range '2001:db8::1/32': host bits are set after the /32 prefix: did you mean '2001:db8::/32'?
			::ffff:1.2.3.4/80 | bad address range '::ffff:1.2.3.4/80': host bits are set after the /80 prefix: did you mean '::/80'?
			10.0.0.256/8      | bad address range '10.0.0.256/8': '10.0.0.256' has a part above 255
			10.0.0.0/33       | bad address range '10.0.0.0/33': prefix length /33 is out of range for IPv4 (0 to 32)
			::/129            | bad address range '::/129': prefix length /129 is out of range for IPv6 (0 to 128)
			10.0.0.0/1000     | bad address range '10.0.0.0/1000': prefix length /1000 is out of range for IPv4 (0 to 32)
			10.0.0.0/         | bad address range '10.0.0.0/': no prefix length after '/'
			10.0.0.0/x        | bad address range '10.0.0.0/x': prefix length 'x' is not a number
			10.0.0.0/-1       | bad address range '10.0.0.0/-1': prefix length '-1' is not a number
			10.0.0.0/08       | bad address range '10.0.0.0/08': prefix length '08' has a leading zero
			10.0.0.0/8/8      | bad address range '10.0.0.0/8/8': more than one '/'
			/8                | bad address range '/8': no address
			""                | bad address range '': no address
			127.1/32          | bad address range '127.1/32': '127.1' is not a dotted quad: write all four parts
			010.0.0.0/8       | bad address range '010.0.0.0/8': '010.0.0.0' has a part with a leading zero, which could be read as octal
			example.com/8     | bad address range 'example.com/8': 'example.com' is not an IP address (names are not accepted)
			localhost         | bad address range 'localhost': 'localhost' is not an IP address (names are not accepted)
			[::1]/128         | bad address range '[::1]/128': '[::1]' is in brackets: write the address alone
			[2001:db8::]/32   | bad address range '[2001:db8::]/32': '[2001:db8::]' is in brackets: write the address alone
			fe80::1%eth0/64   | bad address range 'fe80::1%eth0/64': 'fe80::1%eth0' has a zone id: zone ids are not accepted
			2001:db8::g/32    | bad address range '2001:db8::g/32': '2001:db8::g' is not an IPv6 address
			""")
	void badRangesSayWhatIsWrong(String text, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text)).withMessage(message);
	}
}
