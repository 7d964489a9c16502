package io.portsplit.match;

/**
 * A SOCKS 4 request, or a SOCKS 4a one, which the client sends first: version 4, command 1
 * (CONNECT) or 2 (BIND), a 2-byte port (not 0), a 4-byte IPv4 address, then a user id ended
 * by a NUL byte. An address 0.0.0.x with x not 0 announces SOCKS 4a: a host name ended by a
 * NUL byte follows. The user id is 0 to 255 printable ASCII characters (0x20 to 0x7E), the
 * host name 1 to 255 visible ones (0x21 to 0x7E): the protocol leaves both open, the bounds
 * make the rule settle within {@link #MAX_BYTES} bytes.
 * <p>
 * One other protocol's first bytes can pass by chance: an OpenVPN tls-crypt-v2 hard reset
 * whose length is 1,025 or 1,026 (its length's high byte is then 4 and the low byte 1 or 2),
 * when its random session id happens to read as a user id. A configuration that has both
 * should try openvpn first, whose rule is the more specific.
 */
final class Socks4Recogniser {

	private static final int MAX_STRING_LENGTH = 255;

	private static final int USER_ID = 8;

	static final int MAX_BYTES = USER_ID + 2 * (MAX_STRING_LENGTH + 1);

	private static final int NOT_YET = -1;

	private static final int RULED_OUT = -2;

	private Socks4Recogniser() {
	}

	static Verdict test(byte[] data, int length) {
		for (int at = 0; at < USER_ID; at++) {
			if (at >= length) {
				return Verdict.POSSIBLE;
			}
			if (!validHeaderByte(data, at)) {
				return Verdict.IMPOSSIBLE;
			}
		}
		boolean socks4a = data[4] == 0 && data[5] == 0 && data[6] == 0 && data[7] != 0;
		int userIdEnd = nulTerminated(data, length, USER_ID, 0x20, 0);
		if (userIdEnd < 0 || !socks4a) {
			return verdictOf(userIdEnd);
		}
		return verdictOf(nulTerminated(data, length, userIdEnd, 0x21, 1));
	}

	private static boolean validHeaderByte(byte[] data, int at) {
		return switch (at) {
			case 0 -> data[0] == 4;
			case 1 -> data[1] == 1 || data[1] == 2;
			case 3 -> data[2] != 0 || data[3] != 0;
			default -> true;
		};
	}

	/**
	 * Reads a NUL-terminated string of {@code minLength} to 255 characters, each from
	 * {@code lowest} to 0x7E, starting at {@code at}: the index after its NUL, {@link #NOT_YET}
	 * if it may still end well, or {@link #RULED_OUT}.
	 */
	private static int nulTerminated(byte[] data, int length, int at, int lowest, int minLength) {
		for (int count = 0; count <= MAX_STRING_LENGTH; count++) {
			int i = at + count;
			if (i >= length) {
				return NOT_YET;
			}
			int b = data[i];
			if (b == 0) {
				return (count >= minLength) ? i + 1 : RULED_OUT;
			}
			if (b < lowest || b > 0x7E || count == MAX_STRING_LENGTH) {
				return RULED_OUT;
			}
		}
		return RULED_OUT;
	}

	private static Verdict verdictOf(int end) {
		return switch (end) {
			case NOT_YET -> Verdict.POSSIBLE;
			case RULED_OUT -> Verdict.IMPOSSIBLE;
			default -> Verdict.MATCH;
		};
	}
}
