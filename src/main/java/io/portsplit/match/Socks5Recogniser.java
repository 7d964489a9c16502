package io.portsplit.match;

/**
 * A SOCKS 5 client's greeting (RFC 1928 §3): version 5, the number of authentication methods
 * it offers, and that many method numbers. Only methods with an IANA-assigned number (0x00 to
 * 0x09) are accepted, and so at most 10 of them; a greeting offering a private method
 * (0x80 to 0xFE) is not recognised, in exchange for refusing most other bytes that start with 5.
 */
final class Socks5Recogniser {

	private static final int MAX_METHODS = 10;

	static final int MAX_BYTES = 2 + MAX_METHODS;

	private static final int HIGHEST_ASSIGNED_METHOD = 0x09;

	private Socks5Recogniser() {
	}

	static Verdict test(byte[] data, int length) {
		if (length < 1) {
			return Verdict.POSSIBLE;
		}
		if (data[0] != 5) {
			return Verdict.IMPOSSIBLE;
		}
		if (length < 2) {
			return Verdict.POSSIBLE;
		}
		int methods = ByteRules.u8(data, 1);
		if (methods < 1 || methods > MAX_METHODS) {
			return Verdict.IMPOSSIBLE;
		}
		for (int at = 2; at < 2 + methods; at++) {
			if (at >= length) {
				return Verdict.POSSIBLE;
			}
			if (ByteRules.u8(data, at) > HIGHEST_ASSIGNED_METHOD) {
				return Verdict.IMPOSSIBLE;
			}
		}
		return Verdict.MATCH;
	}
}
