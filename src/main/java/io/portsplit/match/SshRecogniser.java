package io.portsplit.match;

/**
 * An SSH client's identification string (RFC 4253 §4.2): {@code SSH-protoversion-...}, which
 * the client sends first. Only the protocol version is checked (1 to 8 digits and dots,
 * starting with a digit), so that {@code SSH-2.0-} and the old {@code SSH-1.5-} both pass.
 */
final class SshRecogniser {

	static final int MAX_BYTES = 13;

	private static final byte[] PREFIX = { 'S', 'S', 'H', '-' };

	private static final int MAX_VERSION_LENGTH = 8;

	private SshRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		Verdict prefix = ByteRules.expect(data, length, 0, PREFIX);
		if (prefix != Verdict.MATCH) {
			return prefix;
		}
		for (int count = 0; count <= MAX_VERSION_LENGTH; count++) {
			int at = PREFIX.length + count;
			if (at >= length) {
				return Verdict.POSSIBLE;
			}
			int b = data[at];
			if (b == '-' && count > 0) {
				return Verdict.MATCH;
			}
			boolean versionCharacter = (b >= '0' && b <= '9') || (b == '.' && count > 0);
			if (!versionCharacter || count == MAX_VERSION_LENGTH) {
				return Verdict.IMPOSSIBLE;
			}
		}
		return Verdict.IMPOSSIBLE;
	}
}
