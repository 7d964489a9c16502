package io.portsplit.match;

/**
 * The Android Debug Bridge host's first message to a device over TCP: a CNXN message. Its
 * 24-byte header is six little-endian 32-bit words: the command {@code CNXN}, the protocol
 * version (0x01000000 or 0x01000001 so far: the high byte 0x01 is checked), the largest payload
 * it accepts, the payload length, the payload checksum, and the magic, the command with every
 * bit inverted (0xB1A7B1BC). The payload is the host's identity, which starts with
 * {@code host:}.
 */
final class AdbRecogniser {

	static final int MAX_BYTES = 29;

	private static final byte[] COMMAND = { 'C', 'N', 'X', 'N' };

	private static final int VERSION_HIGH_BYTE_AT = 7;

	private static final byte[] VERSION_HIGH_BYTE = { 0x01 };

	private static final byte[] MAGIC = { (byte) 0xBC, (byte) 0xB1, (byte) 0xA7, (byte) 0xB1 };

	private static final int MAGIC_AT = 20;

	private static final byte[] PAYLOAD = { 'h', 'o', 's', 't', ':' };

	private static final int PAYLOAD_AT = 24;

	private AdbRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		Verdict verdict = ByteRules.expect(data, length, 0, COMMAND);
		verdict = ByteRules.and(verdict, ByteRules.expect(data, length, VERSION_HIGH_BYTE_AT, VERSION_HIGH_BYTE));
		verdict = ByteRules.and(verdict, ByteRules.expect(data, length, MAGIC_AT, MAGIC));
		return ByteRules.and(verdict, ByteRules.expect(data, length, PAYLOAD_AT, PAYLOAD));
	}
}
