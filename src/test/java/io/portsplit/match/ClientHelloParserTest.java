package io.portsplit.match;

import static io.portsplit.match.ClientHelloBuilder.concat;
import static io.portsplit.match.ClientHelloBuilder.filler;
import static io.portsplit.match.ClientHelloBuilder.hello;
import static io.portsplit.match.ClientHelloBuilder.u16;
import static io.portsplit.match.ClientHelloBuilder.u24;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The ClientHello parser on whole, split, malformed and oversized streams. */
class ClientHelloParserTest {

	private static ClientHelloParser parsed(byte[] stream) {
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(stream, 0, stream.length);
		return parser;
	}

	private static ClientHello result(byte[] stream) {
		ClientHelloParser parser = parsed(stream);
		assertThat(parser.status()).as(ParserOutcomes.hex(stream)).isEqualTo(ParseStatus.COMPLETE);
		return parser.result();
	}

	private static ParseStatus status(byte[] stream) {
		return parsed(stream).status();
	}

	private static byte[] withExtensions(ClientHelloBuilder builder) {
		return builder.record();
	}

	@Test
	void readsTheFieldsRoutingNeeds() {
		ClientHello hello = result(ClientHelloBuilder.typical("a.example.com"));
		assertThat(hello).isEqualTo(new ClientHello(0x0303, 0x0304, "a.example.com", List.of("h2", "http/1.1"), false));
		assertThat(hello.describe()).isEqualTo("TLS 1.3, SNI 'a.example.com', ALPN [h2, http/1.1]");
	}

	@Test
	void typicalAndPostQuantumHellosHaveTheSizesTheBenchmarkClaims() {
		assertThat(ClientHelloBuilder.typical("a.example.com")).hasSize(5 + 512);
		assertThat(ClientHelloBuilder.postQuantum("a.example.com").length).isBetween(1_700, 1_900);
		assertThat(result(ClientHelloBuilder.postQuantum("a.example.com")).encryptedClientHello()).isTrue();
	}

	@Test
	void outcomeDoesNotDependOnTheSplit() {
		for (byte[] stream : List.of(ClientHelloBuilder.typical("a.example.com"), ClientHelloBuilder.postQuantum("pq.example"),
				hello().withoutExtensionsBlock().record(), hello().serverName("x").record())) {
			String outcome = SplitFeeds.assertSplitInvariant(stream, SplitFeeds.Outcome.clientHello());
			assertThat(outcome).startsWith("COMPLETE");
		}
	}

	@Test
	void invalidAndTruncatedOutcomesDoNotDependOnTheSplitEither() {
		byte[] typical = ClientHelloBuilder.typical("a.example.com");
		byte[] truncated = Arrays.copyOf(typical, 300);
		assertThat(SplitFeeds.assertSplitInvariant(truncated, SplitFeeds.Outcome.clientHello())).isEqualTo("INCOMPLETE");
		assertThat(ParserOutcomes.clientHelloWhole(truncated, true)).isEqualTo("INVALID");
		byte[] corrupt = typical.clone();
		corrupt[200] ^= 0x40;
		SplitFeeds.assertSplitInvariant(corrupt, SplitFeeds.Outcome.clientHello());
	}

	@Test
	void aMessageSpansRecords() {
		byte[] message = hello().serverName("a.example.com").alpn("h2").supportedVersions(0x0304).message();
		ClientHello expected = new ClientHello(0x0303, 0x0304, "a.example.com", List.of("h2"), false);
		// Two records, cut in the middle of the message.
		assertThat(result(ClientHelloBuilder.recordsOf(message, message.length / 2))).isEqualTo(expected);
		// One record per byte: even the handshake header spans four records.
		assertThat(result(ClientHelloBuilder.records(message, 1))).isEqualTo(expected);
		SplitFeeds.assertSplitInvariant(ClientHelloBuilder.records(message, 7), SplitFeeds.Outcome.clientHello());
	}

	@Test
	void aRecordBoundaryInsideAnExtensionChangesNothing() {
		ClientHelloBuilder builder = hello().serverName("a.example.com").alpn("h2", "http/1.1");
		byte[] message = builder.message();
		int sni = indexOf(message, "a.example.com".getBytes());
		int alpn = indexOf(message, "http/1.1".getBytes());
		ClientHello expected = result(builder.record());
		// Inside the host name, inside its length, and inside an ALPN name.
		for (int cut : new int[] { sni + 4, sni - 1, alpn + 3 }) {
			byte[] stream = ClientHelloBuilder.recordsOf(message, cut);
			assertThat(result(stream)).as("records cut at %d", cut).isEqualTo(expected);
			SplitFeeds.assertSplitInvariant(stream, SplitFeeds.Outcome.clientHello());
		}
	}

	@Test
	void greaseIsSkippedWhereverItIs() {
		ClientHelloBuilder builder = hello().cipherSuites(0x8A8A, 0x1301, 0xFAFA)
			.extension(0x1A1A, new byte[0])
			.supportedVersions(0x3A3A, 0x0304, 0x0303)
			.alpn("\u00ba\u00ba", "h2")
			.extension(0xDADA, new byte[] { 0 });
		ClientHello hello = result(builder.record());
		assertThat(hello.highestVersion()).isEqualTo(0x0304);
		// A GREASE ALPN value is kept: it never equals a configured name.
		assertThat(hello.alpn()).containsExactly("\u00ba\u00ba", "h2");
		assertThat(hello.describe()).isEqualTo("TLS 1.3, no SNI, ALPN [\\xba\\xba, h2]");
	}

	@Test
	void highestVersionIgnoresDraftsAndFallsBackToTheLegacyVersion() {
		assertThat(result(hello().supportedVersions(0x7F1C, 0x0303).record()).highestVersion()).isEqualTo(0x0303);
		assertThat(result(hello().supportedVersions(0x0A0A).record()).highestVersion()).isEqualTo(0x0303);
		assertThat(result(hello().legacyVersion(0x0301).record()).highestVersion()).isEqualTo(0x0301);
		assertThat(result(hello().supportedVersions(0x0303, 0x0304, 0x0302).record()).highestVersion()).isEqualTo(0x0304);
	}

	@Test
	void withoutSniOrAlpnThoseFieldsAreEmpty() {
		ClientHello hello = result(hello().supportedVersions(0x0304).record());
		assertThat(hello.serverName()).isNull();
		assertThat(hello.alpn()).isEmpty();
		assertThat(hello.describe()).isEqualTo("TLS 1.3, no SNI, no ALPN");
		ClientHello tls12 = result(hello().withoutExtensionsBlock().record());
		assertThat(tls12).isEqualTo(new ClientHello(0x0303, 0x0303, null, List.of(), false));
		assertThat(result(hello().record()).describe()).isEqualTo("TLS 1.2, no SNI, no ALPN");
	}

	@Test
	void encryptedClientHelloGivesTheOuterName() {
		ClientHello hello = result(hello().serverName("public.example.net").encryptedClientHello(200).alpn("h2")
			.supportedVersions(0x0304).record());
		assertThat(hello.encryptedClientHello()).isTrue();
		assertThat(hello.serverName()).isEqualTo("public.example.net");
		assertThat(hello.describe()).isEqualTo("TLS 1.3, ECH, outer SNI 'public.example.net', ALPN [h2]");
	}

	@Test
	void aRepeatedExtensionIsInvalid() {
		assertThat(status(hello().serverName("a").serverName("b").record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0x1234, new byte[0]).extension(0x1234, new byte[0]).record()))
			.isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0x2A2A, new byte[0]).alpn("h2").extension(0x2A2A, new byte[0]).record()))
			.isEqualTo(ParseStatus.INVALID);
		// Many distinct types are fine.
		ClientHelloBuilder many = hello();
		for (int type = 100; type < 2100; type++) {
			many.extension(type, new byte[0]);
		}
		assertThat(status(many.record())).isEqualTo(ParseStatus.COMPLETE);
		many.extension(1500, new byte[0]);
		assertThat(status(many.record())).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void malformedServerNamesAreInvalid() {
		// List length one short of the extension; a name of type 1; two host names; an empty name.
		assertThat(status(hello().extension(0, concat(u16(4), bytes(0), u16(1), bytes('a'), bytes(0))).record()))
			.isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0, concat(u16(4), bytes(1), u16(1), bytes('a'))).record()))
			.isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0, concat(u16(8), bytes(0), u16(1), bytes('a'), bytes(0), u16(1), bytes('b')))
			.record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0, concat(u16(3), bytes(0), u16(0))).record())).isEqualTo(ParseStatus.INVALID);
		// An empty extension, an empty list, a name longer than its list.
		assertThat(status(hello().extension(0, new byte[0]).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0, u16(0)).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(0, concat(u16(4), bytes(0), u16(2), bytes('a'))).record()))
			.isEqualTo(ParseStatus.INVALID);
		// Not visible ASCII, and longer than a DNS name can be.
		assertThat(status(hello().serverName("a b").record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().serverName("caf\u00e9").record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().serverName("a".repeat(256)).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(result(hello().serverName("a".repeat(255)).record()).serverName()).hasSize(255);
	}

	@Test
	void malformedAlpnAndSupportedVersionsAreInvalid() {
		assertThat(status(hello().extension(16, u16(0)).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(16, concat(u16(1), bytes(0))).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(16, concat(u16(3), bytes(2, 'h', '2'), bytes(0))).record()))
			.isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(16, concat(u16(3), bytes(3, 'h', '2'))).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(43, bytes(3, 3, 4, 3)).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(43, bytes(0)).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().extension(43, bytes(2, 3, 4, 0)).record())).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void malformedFixedFieldsAreInvalid() {
		assertThat(status(hello().legacyVersion(0x0200).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().sessionIdLength(33).record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().cipherSuites().record())).isEqualTo(ParseStatus.INVALID);
		assertThat(status(hello().compression().record())).isEqualTo(ParseStatus.INVALID);
		byte[] body = hello().withoutExtensionsBlock().body();
		byte[] oddSuites = body.clone();
		oddSuites[2 + 32 + 1 + 32 + 1] = 11;
		assertThat(status(ClientHelloBuilder.records(ClientHelloBuilder.handshake(oddSuites), 16384))).isEqualTo(ParseStatus.INVALID);
		// One stray byte after the compression methods: too short for an extensions length.
		byte[] stray = concat(body, bytes(0));
		assertThat(status(ClientHelloBuilder.records(ClientHelloBuilder.handshake(stray), 16384))).isEqualTo(ParseStatus.INVALID);
		// An extensions block shorter, or longer, than the rest of the message.
		byte[] shortBlock = concat(body, u16(4), u16(23), u16(0), u16(23));
		byte[] longBlock = concat(body, u16(8), u16(23), u16(0));
		assertThat(status(ClientHelloBuilder.records(ClientHelloBuilder.handshake(shortBlock), 16384))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(ClientHelloBuilder.records(ClientHelloBuilder.handshake(longBlock), 16384))).isEqualTo(ParseStatus.INVALID);
		// An extension longer than the block.
		assertThat(status(hello().rawExtension(concat(u16(23), u16(5), bytes(0, 0))).record())).isEqualTo(ParseStatus.INVALID);
		// An empty extensions block is no extension at all.
		assertThat(status(ClientHelloBuilder.records(ClientHelloBuilder.handshake(concat(body, u16(0))), 16384)))
			.isEqualTo(ParseStatus.COMPLETE);
	}

	@Test
	void notTlsOrNotAClientHelloIsInvalidAtTheFirstWrongByte() {
		assertThat(status(bytes('G'))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x17))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x02))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x03, 0x05))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x03, 0x01, 0x40, 0x01))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x03, 0x01, 0x41))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x03, 0x01, 0x00, 0x00))).isEqualTo(ParseStatus.INVALID);
		assertThat(status(bytes(0x16, 0x03, 0x01, 0x40, 0x00))).isEqualTo(ParseStatus.INCOMPLETE);
		// A ServerHello (type 2) where the ClientHello should be.
		assertThat(status(bytes(0x16, 0x03, 0x01, 0x00, 0x40, 0x02))).isEqualTo(ParseStatus.INVALID);
		// Another content type in the middle of the message.
		byte[] message = hello().serverName("a").message();
		byte[] stream = ClientHelloBuilder.recordsOf(message, 20);
		stream[5 + 20] = 0x17;
		assertThat(status(stream)).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void aTruncatedHelloIsIncompleteUntilTheStreamEnds() {
		byte[] stream = ClientHelloBuilder.typical("a.example.com");
		for (int length : new int[] { 0, 1, 5, 9, 100, stream.length - 1 }) {
			ClientHelloParser parser = new ClientHelloParser();
			parser.feed(stream, 0, length);
			assertThat(parser.status()).as("%d bytes", length).isEqualTo(ParseStatus.INCOMPLETE);
			parser.end();
			assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
			assertThatThrownBy(parser::result).isInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void aDeclaredLengthThatCannotFitTheBoundIsInvalidAtOnce() {
		// 5 + 4 + 16,376 = 16,385 bytes at the least.
		byte[] header = concat(ClientHelloBuilder.recordHeader(16_380), bytes(1), u24(16_376));
		assertThat(status(header)).isEqualTo(ParseStatus.INVALID);
		// 16,375 fits, in one record.
		assertThat(status(concat(ClientHelloBuilder.recordHeader(16_379), bytes(1), u24(16_375)))).isEqualTo(ParseStatus.INCOMPLETE);
		// The same length in a first record of 100 bytes needs a second header: 16,390 bytes.
		assertThat(status(concat(ClientHelloBuilder.recordHeader(100), bytes(1), u24(16_375)))).isEqualTo(ParseStatus.INVALID);
		// A handshake length of 16 MiB.
		assertThat(status(concat(ClientHelloBuilder.recordHeader(100), bytes(1), u24(0xFFFFFF)))).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void aHelloEndingAtTheBoundIsReadAndOneByteMoreIsNot() {
		byte[] exact = helloOfMessageLength(16_379);
		assertThat(exact).hasSize(ClientHelloParser.MAX_STREAM_BYTES);
		assertThat(result(exact).serverName()).isEqualTo("big.example");
		SplitFeeds.Outcome outcome = SplitFeeds.Outcome.clientHello();
		for (int cut : new int[] { 1, 9, 4000, 16_383 }) {
			assertThat(outcome.of(exact, new int[] { cut }, false)).startsWith("COMPLETE");
		}
		byte[] over = helloOfMessageLength(16_380);
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(over, 0, 9);
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
	}

	@Test
	void aHelloInSmallRecordsIsInvalidWhenTheStreamReachesTheBound() {
		byte[] message = hello().serverName("a.example").extension(21, new byte[15_800]).message();
		byte[] stream = ClientHelloBuilder.records(message, 100);
		assertThat(stream.length).isGreaterThan(ClientHelloParser.MAX_STREAM_BYTES);
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(stream, 0, ClientHelloParser.MAX_STREAM_BYTES - 1);
		assertThat(parser.status()).isEqualTo(ParseStatus.INCOMPLETE);
		parser.feed(stream, ClientHelloParser.MAX_STREAM_BYTES - 1, stream.length);
		assertThat(parser.status()).isEqualTo(ParseStatus.INVALID);
		// The same message in full-size records fits.
		assertThat(status(ClientHelloBuilder.records(message, 16_384))).isEqualTo(ParseStatus.COMPLETE);
	}

	@Test
	void bytesAfterTheHelloAreNotRead() {
		byte[] stream = ClientHelloBuilder.typical("a.example.com");
		ClientHello expected = result(stream);
		// Rest of its record, then an application-data record (early data) and garbage.
		byte[] message = hello().serverName("a.example.com").message();
		byte[] inOneRecord = concat(ClientHelloBuilder.recordHeader(message.length + 10), message, filler(10, 0xEE),
				bytes(0x17, 0x03, 0x03, 0x00, 0x01, 0x00), filler(50_000, 0xFF));
		assertThat(result(inOneRecord).serverName()).isEqualTo("a.example.com");
		ClientHelloParser parser = parsed(stream);
		parser.feed(filler(100, 0x00), 0, 100);
		parser.end();
		assertThat(parser.status()).isEqualTo(ParseStatus.COMPLETE);
		assertThat(parser.result()).isEqualTo(expected);
	}

	@Test
	void readsOnlyItsRange() {
		byte[] stream = ClientHelloBuilder.typical("a.example.com");
		byte[] padded = concat(filler(7, 0x16), stream, filler(7, 0xFF));
		ClientHelloParser parser = new ClientHelloParser();
		parser.feed(padded, 7, 7 + stream.length);
		assertThat(parser.result()).isEqualTo(result(stream));
		assertThatThrownBy(() -> new ClientHelloParser().feed(stream, 5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
		assertThatThrownBy(() -> new ClientHelloParser().feed(stream, 0, stream.length + 1))
			.isInstanceOf(IndexOutOfBoundsException.class);
	}

	@Test
	void versionNames() {
		assertThat(ClientHello.versionName(0x0300)).isEqualTo("SSL 3.0");
		assertThat(ClientHello.versionName(0x0301)).isEqualTo("TLS 1.0");
		assertThat(ClientHello.versionName(0x0302)).isEqualTo("TLS 1.1");
		assertThat(ClientHello.versionName(0x0305)).isEqualTo("TLS version 0x0305");
	}

	/** A ClientHello message of exactly {@code length} bytes, in one record. */
	private static byte[] helloOfMessageLength(int length) {
		ClientHelloBuilder builder = hello().serverName("big.example");
		int base = builder.message().length;
		builder.extension(21, new byte[length - base - 4]);
		byte[] stream = builder.record();
		assertThat(stream).hasSize(length + 5);
		return stream;
	}

	static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	static int indexOf(byte[] data, byte[] part) {
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new AssertionError("not found");
	}
}
