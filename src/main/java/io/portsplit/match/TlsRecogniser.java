package io.portsplit.match;

/**
 * The start of a TLS ClientHello: a handshake record header (RFC 8446 §5.1: content type 22,
 * version 3.0 to 3.4, a length of 1 to 2^14) and the first byte of the handshake message it
 * carries, type 1 (client_hello). SSL 2.0's ClientHello, which no supported client sends any
 * more, is not recognised.
 */
final class TlsRecogniser {

	static final int MAX_BYTES = 6;

	private TlsRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		return ByteRules.header(data, length, MAX_BYTES, TlsRecogniser::valid);
	}

	/** Byte {@code at}, given that the bytes before it are valid. */
	private static boolean valid(byte[] data, int at) {
		int b = ByteRules.u8(data, at);
		return switch (at) {
			case 0 -> b == 22;
			case 1 -> b == 3;
			case 2 -> b <= 4;
			// The length, 1 to 0x4000, one byte at a time.
			case 3 -> b <= 0x40;
			case 4 -> (ByteRules.u8(data, 3) == 0) ? b >= 1 : (ByteRules.u8(data, 3) < 0x40 || b == 0);
			default -> b == 1;
		};
	}
}
