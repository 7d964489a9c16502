package io.portsplit.match;

/**
 * An RDP client's first PDU (MS-RDPBCGR 2.2.1.1): an X.224 Connection Request TPDU (ISO 8073)
 * in a TPKT header (RFC 1006 §6). The TPKT header is version 3, a reserved 0 and the packet
 * length, 11 to 259; the TPDU starts with its length indicator, which is the packet length
 * less 5, the CR code 0xE0 (with credit 0), a destination reference 0x0000, any source
 * reference, and class option 0. The routing token or cookie and the RDP negotiation request
 * that may follow are not read.
 */
final class RdpRecogniser {

	static final int MAX_BYTES = 11;

	private static final int MIN_PACKET_LENGTH = 11;

	/** The length indicator is one byte, at most 254 (255 is reserved). */
	private static final int MAX_PACKET_LENGTH = 254 + 5;

	private RdpRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		return ByteRules.header(data, length, MAX_BYTES, RdpRecogniser::valid);
	}

	/** Byte {@code at}, given that the bytes before it are valid. */
	private static boolean valid(byte[] data, int at) {
		int b = ByteRules.u8(data, at);
		return switch (at) {
			case 0 -> b == 3;
			case 1, 6, 7, 10 -> b == 0;
			case 2 -> b <= MAX_PACKET_LENGTH >> 8;
			case 3 -> {
				int packetLength = (ByteRules.u8(data, 2) << 8) | b;
				yield packetLength >= MIN_PACKET_LENGTH && packetLength <= MAX_PACKET_LENGTH;
			}
			case 4 -> b == ((ByteRules.u8(data, 2) << 8) | ByteRules.u8(data, 3)) - 5;
			case 5 -> b == 0xE0;
			default -> true;
		};
	}
}
