package io.portsplit.match;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in protocol recognisers, named in a configuration by their lower-case name. Each
 * is stateless and exact: it answers {@link Verdict#POSSIBLE} only while more bytes could still
 * make it match, its verdicts are monotone (see {@link Verdict}), and it settles within its
 * {@link #maxBytes()}, so a connection never needs to hold more than that for it.
 */
public enum Probe {

	SSH("ssh", SshRecogniser.MAX_BYTES, SshRecogniser::test,
			"'SSH-', then a protocol version of 1 to 8 digits and dots starting with a digit, then '-' (RFC 4253 §4.2)"),

	TLS("tls", TlsRecogniser.MAX_BYTES, TlsRecogniser::test,
			"a TLS handshake record header (type 0x16, version 0x0300 to 0x0304, length 1 to 16384) "
					+ "followed by handshake type 0x01 (ClientHello)"),

	HTTP("http", HttpRecogniser.MAX_BYTES, HttpRecogniser::test,
			"an HTTP/1.x request line within 8191 bytes (a head, empty line included, fits 8192): a method of "
					+ "1 to 32 token characters, one space, a request-target of visible ASCII, one space, 'HTTP/1.' "
					+ "and a digit, CRLF or LF"),

	OPENVPN("openvpn", OpenVpnRecogniser.MAX_BYTES, OpenVpnRecogniser::test,
			"an OpenVPN client's first TCP packet, a hard reset with key id 0 and a non-zero session id: "
					+ "opcode 0x38 (P_CONTROL_HARD_RESET_CLIENT_V2) with length 14 (plain) or 38, 42, 50, 54, 70 or 86 "
					+ "(tls-auth) and the packet's last 5 bytes zero, or length 54 and packet id 1 (tls-crypt); "
					+ "or opcode 0x50 (P_CONTROL_HARD_RESET_CLIENT_V3, tls-crypt-v2) with length 344 to 1078 "
					+ "and packet id 1 or 0x0f000001"),

	SOCKS4("socks4", Socks4Recogniser.MAX_BYTES, Socks4Recogniser::test,
			"a SOCKS 4 request: 0x04, command 1 or 2, a non-zero port, an IPv4 address, a user id of 0 to 255 "
					+ "printable ASCII characters and NUL; for SOCKS 4a (address 0.0.0.x, x not 0) then a host name "
					+ "of 1 to 255 visible ASCII characters and NUL"),

	SOCKS5("socks5", Socks5Recogniser.MAX_BYTES, Socks5Recogniser::test,
			"a SOCKS 5 greeting (RFC 1928 §3): 0x05, 1 to 10 methods, each 0x00 to 0x09"),

	XMPP("xmpp", XmppRecogniser.MAX_BYTES, XmppRecogniser::test,
			"an XMPP client stream header within 1024 bytes (RFC 6120 §4.7): an optional '<?xml ...?>' "
					+ "declaration and whitespace, then '<stream:stream' and whitespace, and 'jabber:client' "
					+ "before the tag's closing '>'"),

	RDP("rdp", RdpRecogniser.MAX_BYTES, RdpRecogniser::test,
			"an X.224 Connection Request in a TPKT header (MS-RDPBCGR 2.2.1.1): 0x03 0x00, length 11 to 259, "
					+ "length indicator = length - 5, 0xE0, destination reference 0, any source reference, class 0"),

	ADB("adb", AdbRecogniser.MAX_BYTES, AdbRecogniser::test,
			"an Android Debug Bridge CNXN message: 'CNXN', protocol version 0x01xxxxxx (little-endian), "
					+ "magic 0xB1A7B1BC at byte 20, a payload starting 'host:'");

	private final String configName;

	private final int maxBytes;

	private final Recogniser recogniser;

	private final String rule;

	Probe(String configName, int maxBytes, Recogniser recogniser, String rule) {
		this.configName = configName;
		this.maxBytes = maxBytes;
		this.recogniser = recogniser;
		this.rule = rule;
	}

	/**
	 * The verdict on {@code data[0..length)}, the first bytes of a connection. Reads no byte at
	 * or past {@code length}, and none past {@link #maxBytes()}.
	 *
	 * @param ended whether the client has closed its sending side: no more bytes will come, so
	 * what is still only possible becomes {@link Verdict#IMPOSSIBLE}
	 */
	public Verdict test(byte[] data, int length, boolean ended) {
		Objects.checkFromToIndex(0, length, data.length);
		Verdict verdict = this.recogniser.test(data, Math.min(length, this.maxBytes));
		return (ended && verdict == Verdict.POSSIBLE) ? Verdict.IMPOSSIBLE : verdict;
	}

	/** The most bytes this probe can need: with at least this many it never answers {@link Verdict#POSSIBLE}. */
	public int maxBytes() {
		return this.maxBytes;
	}

	/** The exact rule, in one line, for the documentation. */
	public String rule() {
		return this.rule;
	}

	/** The name a configuration uses, e.g. {@code openvpn}. */
	public String configName() {
		return this.configName;
	}

	/** Every probe's name, in the order of this enum. */
	public static List<String> names() {
		return Arrays.stream(values()).map(Probe::configName).toList();
	}

	/** The probe a configuration names, by its lower-case name. */
	public static Optional<Probe> named(String name) {
		for (Probe probe : values()) {
			if (probe.configName.equals(name)) {
				return Optional.of(probe);
			}
		}
		return Optional.empty();
	}
}
