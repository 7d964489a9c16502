package io.portsplit.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.portsplit.proxy.Feeding.Outcome;
import io.portsplit.proxy.ProxyHeaderDecoder.Status;

import static io.portsplit.proxy.Bytes.address;
import static io.portsplit.proxy.Bytes.ascii;
import static io.portsplit.proxy.Bytes.concat;
import static io.portsplit.proxy.Bytes.hex;
import static io.portsplit.proxy.Bytes.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProxyHeaderDecoderTest {

	private static final byte[] PAYLOAD = ascii("GET / HTTP/1.1\r\n\r\n");

	private static final byte[] V4_ADDRESSES = hex("C0000207 C6336401 DC04 01BB");

	private static final ProxyHeader V4_HEADER = new ProxyHeader(address("192.0.2.7", 56324),
			address("198.51.100.1", 443));

	private static final byte[] NOOP_AND_AWS_TLVS = concat(hex("04 0003 000000"),
			hex("EA 0016 01"), ascii("vpce-08d2bf15fac5001c9"));

	static Stream<Arguments> validHeaders() {
		return Stream.of(
				Arguments.of("v1 TCP4", ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n"), V4_HEADER),
				Arguments.of("v1 TCP6", ascii("PROXY TCP6 2001:db8::7 2001:db8::1 56324 443\r\n"),
						new ProxyHeader(address("2001:db8::7", 56324), address("2001:db8::1", 443))),
				Arguments.of("v1 TCP6 upper case, mapped source", ascii("PROXY TCP6 ::FFFF:192.0.2.7 2001:DB8::1 0 65535\r\n"),
						new ProxyHeader(address("192.0.2.7", 0), address("2001:db8::1", 65535))),
				Arguments.of("v1 UNKNOWN", ascii("PROXY UNKNOWN\r\n"), ProxyHeader.local()),
				Arguments.of("v1 UNKNOWN, longest", ascii("PROXY UNKNOWN " + "ffff:".repeat(7) + "ffff " + "ffff:".repeat(7)
						+ "ffff 65535 65535\r\n"), ProxyHeader.local()),
				Arguments.of("v1 UNKNOWN, anything", concat(ascii("PROXY UNKNOWN \u0000\u00ff\t"), hex("0D0A")),
						ProxyHeader.local()),
				Arguments.of("v2 TCP4", v2(0x21, 0x11, V4_ADDRESSES), V4_HEADER),
				Arguments.of("v2 TCP6", v2(0x21, 0x21, hex("20010DB8 00000000 00000000 00000007"
						+ "20010DB8 00000000 00000000 00000001 DC04 01BB")),
						new ProxyHeader(address("2001:db8::7", 56324), address("2001:db8::1", 443))),
				Arguments.of("v2 TCP6, mapped source", v2(0x21, 0x21, hex("00000000 00000000 0000FFFF C0000207"
						+ "20010DB8 00000000 00000000 00000001 DC04 01BB")),
						new ProxyHeader(address("192.0.2.7", 56324), address("2001:db8::1", 443))),
				Arguments.of("v2 TCP4 with TLVs", v2(0x21, 0x11, concat(V4_ADDRESSES, NOOP_AND_AWS_TLVS)), V4_HEADER),
				Arguments.of("v2 LOCAL", v2(0x20, 0x00, new byte[0]), ProxyHeader.local()),
				Arguments.of("v2 LOCAL with addresses and TLVs", v2(0x20, 0x11, concat(V4_ADDRESSES, NOOP_AND_AWS_TLVS)),
						ProxyHeader.local()),
				Arguments.of("v2 LOCAL with a family but no addresses", v2(0x20, 0x21, new byte[0]), ProxyHeader.local()),
				Arguments.of("v2 PROXY UNSPEC", v2(0x21, 0x00, new byte[0]), ProxyHeader.local()),
				Arguments.of("v2 PROXY UNSPEC with TLVs", v2(0x21, 0x00, NOOP_AND_AWS_TLVS), ProxyHeader.local()),
				Arguments.of("v2 PROXY AF_UNIX stream", v2(0x21, 0x31, new byte[216]), ProxyHeader.local()),
				Arguments.of("v2 PROXY UDP over IPv4", v2(0x21, 0x12, V4_ADDRESSES), ProxyHeader.local()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validHeaders")
	void aValidHeaderFollowedByTheClientsBytes(String name, byte[] header, ProxyHeader expected) {
		Outcome outcome = Feeding.inOne(concat(header, PAYLOAD));
		assertThat(outcome.status()).isEqualTo(Status.COMPLETE);
		assertThat(outcome.header()).isEqualTo(expected);
		assertThat(outcome.consumed()).isEqualTo(header.length);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validHeaders")
	void incompleteUntilTheLastByteWhateverTheSplit(String name, byte[] header, ProxyHeader expected) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		for (int i = 0; i < header.length - 1; i++) {
			assertThat(decoder.feed(header, i, i + 1)).isEqualTo(1);
			assertThat(decoder.status()).as("after byte %d", i).isEqualTo(Status.INCOMPLETE);
		}
		assertThat(decoder.feed(header, header.length - 1, header.length)).isEqualTo(1);
		assertThat(decoder.status()).isEqualTo(Status.COMPLETE);
		assertThat(decoder.header()).isEqualTo(expected);
		byte[] input = concat(header, PAYLOAD);
		Outcome whole = Feeding.inOne(input);
		for (int cut = 0; cut <= input.length; cut++) {
			assertThat(Feeding.cutAt(input, cut)).as("cut at %d", cut).isEqualTo(whole);
		}
		assertThat(Feeding.byteByByte(input)).isEqualTo(whole);
		assertThat(Feeding.inChunks(input, new int[] { 3, 1, 7 })).isEqualTo(whole);
	}

	@Test
	void decodedAddressesKeepTheirFamilies() {
		ProxyHeader six = Feeding.inOne(ascii("PROXY TCP6 2001:db8::7 ::ffff:192.0.2.1 1 2\r\n")).header();
		assertThat(six.source().getAddress()).isInstanceOf(Inet6Address.class);
		assertThat(six.destination().getAddress()).isInstanceOf(Inet4Address.class);
		ProxyHeader four = Feeding.inOne(v2(0x21, 0x11, V4_ADDRESSES)).header();
		assertThat(four.source().getAddress()).isInstanceOf(Inet4Address.class);
	}

	static Stream<Arguments> roundTrips() {
		List<InetSocketAddress> addresses = List.of(address("192.0.2.7", 56324), address("0.0.0.0", 0),
				address("255.255.255.255", 65535), address("2001:db8::7", 1), address("::", 80), address("::1", 443),
				address("fe80::1:2:3:4", 22), address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535),
				address("::192.0.2.9", 8080));
		return addresses.stream().flatMap(client -> addresses.stream().map(server -> Arguments.of(client, server)));
	}

	@ParameterizedTest
	@MethodSource("roundTrips")
	void whatIsEncodedDecodesToTheSameAddresses(InetSocketAddress client, InetSocketAddress server) {
		ProxyHeader expected = new ProxyHeader(client, server);
		for (byte[] header : List.of(ProxyHeaderEncoder.v1(client, server), ProxyHeaderEncoder.v2(client, server))) {
			Outcome outcome = Feeding.inOne(concat(header, PAYLOAD));
			assertThat(outcome.status()).isEqualTo(Status.COMPLETE);
			assertThat(outcome.consumed()).isEqualTo(header.length);
			assertThat(outcome.header()).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			GET / HTTP/1.1\\r\\n                              | 1   | not a PROXY protocol header
			SSH-2.0-OpenSSH_9.6\\r\\n                         | 1   | not a PROXY protocol header
			proxy TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n              | 1   | not a PROXY protocol header
			PROXZ TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n              | 5   | not a PROXY protocol header
			PROXY\\tTCP4 1.2.3.4 5.6.7.8 1 2\\r\\n            | 6   | not a PROXY protocol header
			PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n             | 7   | v1: the protocol is not TCP4, TCP6 or UNKNOWN
			PROXY TCP5 1.2.3.4 5.6.7.8 1 2\\r\\n              | 10  | v1: the protocol is not TCP4, TCP6 or UNKNOWN
			PROXY tcp4 1.2.3.4 5.6.7.8 1 2\\r\\n              | 7   | v1: the protocol is not TCP4, TCP6 or UNKNOWN
			PROXY TCP4\\r\\n                                  | 11  | v1: the protocol is not TCP4, TCP6 or UNKNOWN
			PROXY \\r\\n                                      | 7   | v1: the protocol is not TCP4, TCP6 or UNKNOWN
			PROXY UNKNOWNX\\r\\n                              | 14  | v1: unexpected byte 0x58 at offset 13
			PROXY TCP4  1.2.3.4 5.6.7.8 1 2\\r\\n             | 33  | v1: expected source, destination, source port and destination port, separated by single spaces
			PROXY TCP4 1.2.3.4 5.6.7.8 1  2\\r\\n             | 33  | v1: expected source, destination, source port and destination port, separated by single spaces
			PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \\r\\n             | 33  | v1: expected source, destination, source port and destination port, separated by single spaces
			PROXY TCP4 1.2.3.4 5.6.7.8 1\\r\\n                | 30  | v1: expected source, destination, source port and destination port, separated by single spaces
			PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\\r\\n            | 34  | v1: expected source, destination, source port and destination port, separated by single spaces
			PROXY TCP4 1.2.3.256 5.6.7.8 1 2\\r\\n            | 34  | v1: source address '1.2.3.256' is not an IPv4 address
			PROXY TCP4 1.2.3.4 256.6.7.8 1 2\\r\\n            | 34  | v1: destination address '256.6.7.8' is not an IPv4 address
			PROXY TCP4 127.1 5.6.7.8 1 2\\r\\n                | 30  | v1: source address '127.1' is not an IPv4 address
			PROXY TCP4 010.0.0.1 5.6.7.8 1 2\\r\\n            | 34  | v1: source address '010.0.0.1' is not an IPv4 address
			PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\\r\\n          | 36  | v1: source port '65536' is not 0 to 65535 without leading zeros
			PROXY TCP4 1.2.3.4 5.6.7.8 1 01\\r\\n             | 33  | v1: destination port '01' is not 0 to 65535 without leading zeros
			PROXY TCP4 1.2.3.4 5.6.7.8 1 99999999\\r\\n       | 39  | v1: destination port '99999999' is not 0 to 65535 without leading zeros
			PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\\r\\n             | 28  | v1: unexpected byte 0x2d at offset 27
			PROXY TCP4 ::1 ::1 1 2\\r\\n                      | 12  | v1: unexpected byte 0x3a at offset 11
			PROXY TCP6 1.2.3.4 5.6.7.8 1 2\\r\\n              | 32  | v1: source address '1.2.3.4' is not an IPv6 address
			PROXY TCP6 ::1 00001:: 1 2\\r\\n                  | 28  | v1: destination address '00001::' is not an IPv6 address
			PROXY TCP6 ::1 ::ffff:010.0.0.1 1 2\\r\\n         | 37  | v1: destination address '::ffff:010.0.0.1' is not an IPv6 address
			PROXY TCP6 fe80::1%eth0 ::1 1 2\\r\\n             | 19  | v1: unexpected byte 0x25 at offset 18
			PROXY TCP6 [::1] ::1 1 2\\r\\n                    | 12  | v1: unexpected byte 0x5b at offset 11
			PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\n                 | 31  | v1: LF without CR
			PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\r\\r\\n           | 32  | v1: CR not followed by LF
			PROXY UNKNOWN\\r                                  | 15  | v1: CR not followed by LF
			PROXY UNKNOWN \\n                                 | 15  | v1: LF without CR
			""")
	void malformedHeadersAreRefusedAtTheFirstByteThatRulesThemOut(String text, int consumed, String problem) {
		byte[] input = ascii(text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t") + "more bytes");
		Outcome outcome = Feeding.inOne(input);
		assertThat(outcome.status()).isEqualTo(Status.INVALID);
		assertThat(outcome.problem()).isEqualTo(problem);
		assertThat(outcome.consumed()).isEqualTo(consumed);
		for (int cut = 0; cut <= input.length; cut++) {
			assertThat(Feeding.cutAt(input, cut)).as("cut at %d", cut).isEqualTo(outcome);
		}
	}

	@Test
	void aV1LineEndsWithin107Bytes() {
		String longest = "PROXY UNKNOWN " + "ffff:".repeat(7) + "ffff " + "ffff:".repeat(7) + "ffff 65535 65535";
		assertThat(longest).hasSize(105);
		assertThat(Feeding.inOne(ascii(longest + "\r\n")).status()).isEqualTo(Status.COMPLETE);
		Outcome tooLong = Feeding.inOne(ascii(longest + "5\r\n"));
		assertThat(tooLong.status()).isEqualTo(Status.INVALID);
		assertThat(tooLong.problem()).isEqualTo("v1: no CRLF within 107 bytes");
		assertThat(tooLong.consumed()).isEqualTo(107);
		Outcome endless = Feeding.byteByByte(ascii("PROXY UNKNOWN " + "x".repeat(200)));
		assertThat(endless.status()).isEqualTo(Status.INVALID);
		assertThat(endless.consumed()).isEqualTo(107);
		Outcome noCrlf = Feeding.inOne(ascii("PROXY TCP6 " + "1".repeat(200)));
		assertThat(noCrlf.problem()).isEqualTo("v1: no CRLF within 107 bytes");
		assertThat(noCrlf.consumed()).isEqualTo(107);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0D0A0D0A 000D0A51 5549540B                | 12 | not a PROXY protocol header
			0D0A0D0A 010D0A51 5549540A                | 5  | not a PROXY protocol header
			0D0D                                      | 2  | not a PROXY protocol header
			16030100 A5010000                         | 1  | not a PROXY protocol header
			00                                        | 1  | not a PROXY protocol header
			0D0A0D0A 000D0A51 5549540A 11             | 13 | v2: version 1, not 2
			0D0A0D0A 000D0A51 5549540A 31             | 13 | v2: version 3, not 2
			0D0A0D0A 000D0A51 5549540A 22             | 13 | v2: command 2 is neither LOCAL (0) nor PROXY (1)
			0D0A0D0A 000D0A51 5549540A 2F             | 13 | v2: command 15 is neither LOCAL (0) nor PROXY (1)
			0D0A0D0A 000D0A51 5549540A 21 41          | 14 | v2: family and protocol 0x41 are not defined
			0D0A0D0A 000D0A51 5549540A 21 13          | 14 | v2: family and protocol 0x13 are not defined
			0D0A0D0A 000D0A51 5549540A 21 10          | 14 | v2: family and protocol 0x10 are not defined
			0D0A0D0A 000D0A51 5549540A 20 01          | 14 | v2: family and protocol 0x01 are not defined
			0D0A0D0A 000D0A51 5549540A 21 11 000B     | 16 | v2: 11 bytes cannot hold the 12 bytes of addresses of 0x11
			0D0A0D0A 000D0A51 5549540A 21 21 000C     | 16 | v2: 12 bytes cannot hold the 36 bytes of addresses of 0x21
			0D0A0D0A 000D0A51 5549540A 21 31 0000     | 16 | v2: 0 bytes cannot hold the 216 bytes of addresses of 0x31
			0D0A0D0A 000D0A51 5549540A 21 11 0FF1     | 16 | v2: a header of 4097 bytes is over the limit of 4096
			0D0A0D0A 000D0A51 5549540A 20 00 FFFF     | 16 | v2: a header of 65551 bytes is over the limit of 4096
			""")
	void malformedV2HeadersAreRefusedAtTheFirstByteThatRulesThemOut(String hex, int consumed, String problem) {
		byte[] input = concat(hex(hex), new byte[64]);
		Outcome outcome = Feeding.inOne(input);
		assertThat(outcome.status()).isEqualTo(Status.INVALID);
		assertThat(outcome.problem()).isEqualTo(problem);
		assertThat(outcome.consumed()).isEqualTo(consumed);
		for (int cut = 0; cut <= input.length; cut++) {
			assertThat(Feeding.cutAt(input, cut)).as("cut at %d", cut).isEqualTo(outcome);
		}
	}

	@Test
	void aV2HeaderUpToTheLimitIsReadWithoutKeepingItsTlvs() {
		byte[] tlvs = concat(hex("04 0FE1"), new byte[4065]);
		byte[] header = v2(0x21, 0x11, concat(V4_ADDRESSES, tlvs));
		assertThat(header).hasSize(4096);
		Outcome outcome = Feeding.inOne(concat(header, PAYLOAD));
		assertThat(outcome.status()).isEqualTo(Status.COMPLETE);
		assertThat(outcome.consumed()).isEqualTo(4096);
		assertThat(outcome.header()).isEqualTo(V4_HEADER);
		assertThat(Feeding.inChunks(concat(header, PAYLOAD), new int[] { 17, 1000 })).isEqualTo(outcome);
	}

	@Test
	void theV2LimitCanBeSet() {
		byte[] header = v2(0x21, 0x11, concat(V4_ADDRESSES, new byte[300]));
		ProxyHeaderDecoder tight = new ProxyHeaderDecoder(300);
		assertThat(tight.feed(header, 0, header.length)).isEqualTo(16);
		assertThat(tight.status()).isEqualTo(Status.INVALID);
		assertThat(tight.problem()).isEqualTo("v2: a header of 328 bytes is over the limit of 300");
		ProxyHeaderDecoder loose = new ProxyHeaderDecoder(16 + 0xffff);
		byte[] largest = v2(0x20, 0x00, new byte[0xffff]);
		assertThat(loose.feed(largest, 0, largest.length)).isEqualTo(largest.length);
		assertThat(loose.status()).isEqualTo(Status.COMPLETE);
		assertThatIllegalArgumentException().isThrownBy(() -> new ProxyHeaderDecoder(231));
		assertThatIllegalArgumentException().isThrownBy(() -> new ProxyHeaderDecoder(16 + 0x10000));
	}

	@Test
	void nothingIsTakenOnceTheHeaderIsDecided() {
		ProxyHeaderDecoder complete = new ProxyHeaderDecoder();
		byte[] input = concat(ascii("PROXY UNKNOWN\r\n"), PAYLOAD);
		assertThat(complete.feed(input, 0, input.length)).isEqualTo(15);
		assertThat(complete.feed(input, 15, input.length)).isZero();
		assertThat(complete.status()).isEqualTo(Status.COMPLETE);
		ProxyHeaderDecoder invalid = new ProxyHeaderDecoder();
		assertThat(invalid.feed(PAYLOAD, 0, PAYLOAD.length)).isEqualTo(1);
		assertThat(invalid.feed(PAYLOAD, 1, PAYLOAD.length)).isZero();
		assertThat(invalid.status()).isEqualTo(Status.INVALID);
	}

	@Test
	void feedingNothingChangesNothing() {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThat(decoder.feed(PAYLOAD, 3, 3)).isZero();
		assertThat(decoder.feed(new byte[0], 0, 0)).isZero();
		assertThat(decoder.status()).isEqualTo(Status.INCOMPLETE);
	}

	@Test
	void feedingOnlyReadsTheGivenRange() {
		byte[] data = concat(ascii("xx"), ascii("PROXY UNKNOWN\r\n"), ascii("yy"));
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThat(decoder.feed(data, 2, 10)).isEqualTo(8);
		assertThat(decoder.feed(data, 10, data.length)).isEqualTo(7);
		assertThat(decoder.status()).isEqualTo(Status.COMPLETE);
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> new ProxyHeaderDecoder().feed(data, 5, data.length + 1));
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> new ProxyHeaderDecoder().feed(data, 5, 4));
	}

	@Test
	void theHeaderAndTheProblemAreOnlyThereOnceDecided() {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThatIllegalStateException().isThrownBy(decoder::header);
		assertThatIllegalStateException().isThrownBy(decoder::problem);
		decoder.feed(PAYLOAD, 0, PAYLOAD.length);
		assertThatIllegalStateException().isThrownBy(decoder::header);
		assertThat(decoder.problem()).isEqualTo("not a PROXY protocol header");
	}
}
