package io.portsplit.match;

/**
 * The first packet of an OpenVPN client over TCP: a 2-byte big-endian packet length, then the
 * packet, whose first byte is the opcode (high 5 bits) and key id (low 3 bits), then the
 * client's 8-byte session id, random and never all zero. The client's first packet is a hard
 * reset with key id 0 and an empty payload (OpenVPN 2.x and OpenVPN 3 alike), laid out by the
 * control-channel protection the client uses:
 * <pre>
 * plain        38 | sid 8 |                                       acks 0 (1) | msg id 0 (4)   length 14
 * tls-auth     38 | sid 8 | HMAC h | packet id (4) | time (4)   | acks 0 (1) | msg id 0 (4)   length 22 + h
 * tls-crypt    38 | sid 8 | packet id 1 (4) | time (4) | tag (32) | 5 encrypted bytes        length 54
 * tls-crypt-v2 50 | sid 8 | packet id (4) | time (4) | tag (32) | 5 encrypted bytes | wrapped client key (290 to 1024)
 * </pre>
 * where 0x38 is P_CONTROL_HARD_RESET_CLIENT_V2 (opcode 7) and 0x50 is
 * P_CONTROL_HARD_RESET_CLIENT_V3 (opcode 10), h is the size of the tls-auth digest's HMAC (16,
 * 20, 28, 32, 48 or 64 bytes), and the tls-crypt-v2 packet id is 1, or 0x0f000001 from a client
 * that offers early negotiation. The tls-auth packet id is not checked: a client with
 * {@code --replay-persist} continues an earlier count (such a tls-crypt client, whose packet id
 * is then not 1, is not recognised).
 * <p>
 * So a hard reset V2 must have one of the lengths above and either end in five zero bytes
 * (plain and tls-auth, whose acknowledgements and message id are in the clear) or, at length
 * 54, have packet id 1 (tls-crypt); a hard reset V3 must have a length of 344 to 1078 and
 * packet id 1 or 0x0f000001.
 */
final class OpenVpnRecogniser {

	/** The longest layout: tls-auth with a 64-byte HMAC, 86 bytes after the length. */
	static final int MAX_BYTES = 88;

	private static final int HARD_RESET_CLIENT_V2 = 7 << 3;

	private static final int HARD_RESET_CLIENT_V3 = 10 << 3;

	private static final int[] V2_LENGTHS = { 14, 22 + 16, 22 + 20, 22 + 28, 22 + 32, 22 + 48, 22 + 64 };

	private static final int TLS_CRYPT_LENGTH = 54;

	private static final int V3_MIN_LENGTH = 54 + 290;

	private static final int V3_MAX_LENGTH = 54 + 1024;

	/** Stream offsets: the packet starts after its 2-byte length. */
	private static final int OPCODE = 2;

	private static final int SESSION_ID = 3;

	private static final int SESSION_ID_LENGTH = 8;

	/** Where tls-crypt and tls-crypt-v2 put the packet id, right after the session id. */
	private static final int PACKET_ID = SESSION_ID + SESSION_ID_LENGTH;

	private static final byte[] PACKET_ID_ONE = { 0, 0, 0, 1 };

	private static final byte[] PACKET_ID_EARLY_NEGOTIATION = { 0x0F, 0, 0, 1 };

	private OpenVpnRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		if (length < 1) {
			return Verdict.POSSIBLE;
		}
		// No accepted length needs more than 0x04 in its high byte.
		if (ByteRules.u8(data, 0) > V3_MAX_LENGTH >> 8) {
			return Verdict.IMPOSSIBLE;
		}
		if (length < 2) {
			return Verdict.POSSIBLE;
		}
		int packetLength = (ByteRules.u8(data, 0) << 8) | ByteRules.u8(data, 1);
		boolean v2 = contains(V2_LENGTHS, packetLength);
		boolean v3 = packetLength >= V3_MIN_LENGTH && packetLength <= V3_MAX_LENGTH;
		if (!v2 && !v3) {
			return Verdict.IMPOSSIBLE;
		}
		if (length <= OPCODE) {
			return Verdict.POSSIBLE;
		}
		if (ByteRules.u8(data, OPCODE) != (v2 ? HARD_RESET_CLIENT_V2 : HARD_RESET_CLIENT_V3)) {
			return Verdict.IMPOSSIBLE;
		}
		Verdict layout = v2 ? v2Layout(data, length, packetLength) : v3Layout(data, length);
		return ByteRules.and(sessionIdDefined(data, length), layout);
	}

	private static Verdict v2Layout(byte[] data, int length, int packetLength) {
		// Acknowledgement count and message id, in the clear at the end of the packet.
		Verdict clearTail = ByteRules.zeros(data, length, 2 + packetLength - 5, 5);
		if (packetLength != TLS_CRYPT_LENGTH) {
			return clearTail;
		}
		return ByteRules.or(clearTail, ByteRules.expect(data, length, PACKET_ID, PACKET_ID_ONE));
	}

	private static Verdict v3Layout(byte[] data, int length) {
		return ByteRules.or(ByteRules.expect(data, length, PACKET_ID, PACKET_ID_ONE),
				ByteRules.expect(data, length, PACKET_ID, PACKET_ID_EARLY_NEGOTIATION));
	}

	/** A session id is never all zero: OpenVPN draws again until it is not. */
	private static Verdict sessionIdDefined(byte[] data, int length) {
		Verdict zeros = ByteRules.zeros(data, length, SESSION_ID, SESSION_ID_LENGTH);
		return switch (zeros) {
			case MATCH -> Verdict.IMPOSSIBLE;
			case IMPOSSIBLE -> Verdict.MATCH;
			case POSSIBLE -> Verdict.POSSIBLE;
		};
	}

	private static boolean contains(int[] values, int value) {
		for (int v : values) {
			if (v == value) {
				return true;
			}
		}
		return false;
	}
}
