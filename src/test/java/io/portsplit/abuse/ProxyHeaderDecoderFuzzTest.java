package io.portsplit.abuse;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import io.portsplit.access.Ipv4Mapped;
import io.portsplit.proxy.Feeding;
import io.portsplit.proxy.Feeding.Outcome;
import io.portsplit.proxy.ProxyHeader;
import io.portsplit.proxy.ProxyHeaderDecoder;
import io.portsplit.proxy.ProxyHeaderDecoder.Status;
import io.portsplit.proxy.ProxyHeaderEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol decoder under arbitrary bytes split anywhere, as a client in front of a
 * listener that expects headers can send them: it never throws, never takes more than it is
 * given nor stops taking while incomplete, decides the same whatever the split, and stops at
 * the header's end. Headers encoded from arbitrary addresses decode back to those addresses.
 */
class ProxyHeaderDecoderFuzzTest {

	/** Starts that lead the fuzzer past the signatures at once, where the decoder's cases are. */
	private static final byte[][] PREFIXES = { new byte[0], ascii("PROXY "), ascii("PROXY TCP4 "), ascii("PROXY TCP6 "),
			ascii("PROXY UNKNOWN"), { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A },
			{ 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11 },
			{ 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x21 } };

	/** What v1 addresses and ports are made of, so that lines often come close to valid. */
	private static final String V1_ALPHABET = "0123456789abcdefABCDEF:. \r\n";

	/** The short, bounded run: in {@code verify} (fuzzing, see the pom) and replaying the inputs under {@code mvn test}. */
	@FuzzTest(maxDuration = "10s")
	void decodesAnyBytesTheSameWhateverTheSplit(FuzzedDataProvider data) {
		check(data);
	}

	/** The long run: only when asked for, it would hold a build for half an hour. */
	@FuzzTest(maxDuration = "30m")
	@EnabledIfEnvironmentVariable(named = "PORTSPLIT_FUZZ_LONG", matches = "1")
	void decodesAnyBytesTheSameWhateverTheSplitLong(FuzzedDataProvider data) {
		check(data);
	}

	private static void check(FuzzedDataProvider data) {
		if (data.consumeBoolean()) {
			encodedHeadersDecodeToTheirAddresses(data);
		}
		else {
			anyBytesDecodeTheSameWhateverTheSplit(data);
		}
	}

	private static void anyBytesDecodeTheSameWhateverTheSplit(FuzzedDataProvider data) {
		byte[] prefix = PREFIXES[data.consumeInt(0, PREFIXES.length - 1)];
		boolean narrow = data.consumeBoolean();
		int[] sizes = sizes(data);
		int cut = data.consumeInt(0, 300);
		ByteArrayOutputStream input = new ByteArrayOutputStream();
		input.writeBytes(prefix);
		int length = data.consumeInt(0, 300);
		for (int i = 0; i < length; i++) {
			input.write(narrow ? V1_ALPHABET.charAt(data.consumeInt(0, V1_ALPHABET.length() - 1)) : data.consumeByte());
		}
		byte[] bytes = input.toByteArray();

		Outcome whole = Feeding.inOne(bytes);
		assertThat(Feeding.inChunks(bytes, sizes)).isEqualTo(whole);
		assertThat(Feeding.cutAt(bytes, Math.min(cut, bytes.length))).isEqualTo(whole);
		assertThat(whole.consumed()).isBetween(0, bytes.length);
		switch (whole.status()) {
			case INCOMPLETE -> assertThat(whole.consumed()).isEqualTo(bytes.length);
			case INVALID -> {
				assertThat(whole.consumed()).isPositive();
				assertThat(whole.problem()).isNotBlank();
			}
			case COMPLETE -> {
				assertThat(whole.consumed()).isLessThanOrEqualTo(ProxyHeaderDecoder.DEFAULT_MAX_V2_LENGTH);
				if (bytes[0] == 'P') {
					assertThat(whole.consumed()).isLessThanOrEqualTo(107);
				}
				reencodes(whole.header());
			}
		}
		if (bytes.length > 0 && bytes[0] != 'P' && bytes[0] != '\r') {
			assertThat(whole.status()).isEqualTo(Status.INVALID);
			assertThat(whole.consumed()).isEqualTo(1);
		}
	}

	/** A decoded header, encoded again, decodes to itself. */
	private static void reencodes(ProxyHeader header) {
		if (header.isLocal()) {
			return;
		}
		for (byte[] again : new byte[][] { ProxyHeaderEncoder.v1(header.source(), header.destination()),
				ProxyHeaderEncoder.v2(header.source(), header.destination()) }) {
			Outcome outcome = Feeding.inOne(again);
			assertThat(outcome.status()).isEqualTo(Status.COMPLETE);
			assertThat(outcome.header()).isEqualTo(header);
		}
	}

	private static void encodedHeadersDecodeToTheirAddresses(FuzzedDataProvider data) {
		InetAddress client = address(data);
		InetAddress server = address(data);
		int clientPort = data.consumeInt(0, 0xffff);
		int serverPort = data.consumeInt(0, 0xffff);
		boolean v1 = data.consumeBoolean();
		int[] sizes = sizes(data);
		byte[] payload = data.consumeBytes(64);
		InetSocketAddress from = new InetSocketAddress(client, clientPort);
		InetSocketAddress to = new InetSocketAddress(server, serverPort);
		byte[] header = v1 ? ProxyHeaderEncoder.v1(from, to) : ProxyHeaderEncoder.v2(from, to);
		ByteArrayOutputStream input = new ByteArrayOutputStream();
		input.writeBytes(header);
		input.writeBytes(payload);

		Outcome outcome = Feeding.inChunks(input.toByteArray(), sizes);
		assertThat(outcome.status()).isEqualTo(Status.COMPLETE);
		assertThat(outcome.consumed()).isEqualTo(header.length);
		assertThat(outcome.header()).isEqualTo(new ProxyHeader(new InetSocketAddress(Ipv4Mapped.unmap(client), clientPort),
				new InetSocketAddress(Ipv4Mapped.unmap(server), serverPort)));
	}

	/** IPv4, IPv6, or IPv4 mapped in an {@link Inet6Address}, which the JDK only builds this way. */
	private static InetAddress address(FuzzedDataProvider data) {
		int kind = data.consumeInt(0, 2);
		byte[] bytes = new byte[(kind == 1) ? 16 : 4];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = data.consumeByte();
		}
		try {
			return (kind == 2) ? Inet6Address.getByAddress(null, Ipv4Mapped.map(bytes), -1)
					: InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

	private static int[] sizes(FuzzedDataProvider data) {
		int[] sizes = new int[data.consumeInt(1, 8)];
		for (int i = 0; i < sizes.length; i++) {
			sizes[i] = data.consumeInt(1, 64);
		}
		return sizes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}
}
