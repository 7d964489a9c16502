package io.portsplit.match;

import static io.portsplit.match.ClientHelloBuilder.concat;
import static io.portsplit.match.ClientHelloBuilder.filler;
import static io.portsplit.match.ClientHelloBuilder.u16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The first bytes real clients send, written out byte by byte from the protocols' layouts,
 * one or more per probe, plus garbage that belongs to none. Captures of real clients, where
 * they exist, are in {@link Captures}; these stand for the clients that could not be captured
 * and pin the layouts the probes' rules are written from.
 */
final class ProtocolSamples {

	/** An input and the probe it belongs to (null for garbage). */
	record Sample(String name, Probe probe, byte[] bytes) {

		@Override
		public String toString() {
			return this.name;
		}
	}

	private ProtocolSamples() {
	}

	/** A session id as OpenVPN draws it: 8 random bytes, not all zero. */
	private static final byte[] SESSION_ID = { (byte) 0x9C, 0x1F, 0x52, 0x04, (byte) 0xE7, 0x3A, 0x60, (byte) 0xB8 };

	/** A Unix time in 4 bytes: 2024-06-01. */
	private static final byte[] TIME = { 0x66, 0x5A, 0x64, 0x00 };

	static List<Sample> protocols() {
		List<Sample> samples = new ArrayList<>();
		samples.add(new Sample("ssh openssh", Probe.SSH, ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")));
		samples.add(new Sample("ssh putty", Probe.SSH, ascii("SSH-2.0-PuTTY_Release_0.81\r\n")));
		samples.add(new Sample("tls typical", Probe.TLS, ClientHelloBuilder.typical("a.example.com")));
		samples.add(new Sample("tls post-quantum", Probe.TLS, ClientHelloBuilder.postQuantum("a.example.com")));
		samples.add(new Sample("tls 1.2 no extensions", Probe.TLS,
				ClientHelloBuilder.hello().cipherSuites(0xC02F, 0x009C).withoutExtensionsBlock().record()));
		samples.add(new Sample("http curl", Probe.HTTP,
				ascii("GET / HTTP/1.1\r\nHost: a.example.com\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")));
		samples.add(new Sample("http 1.0 post", Probe.HTTP, ascii("POST /form HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc")));
		samples.add(new Sample("http options lf", Probe.HTTP, ascii("OPTIONS * HTTP/1.1\nHost: x\n\n")));
		samples.addAll(openVpn());
		// CONNECT 127.0.0.1:80, empty user id.
		samples.add(new Sample("socks4 connect", Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 0x00)));
		// CONNECT example.com:443 by name (SOCKS 4a): address 0.0.0.1, user id "alice".
		samples.add(new Sample("socks4a connect", Probe.SOCKS4,
				concat(bytes(0x04, 0x01, 0x01, 0xBB, 0, 0, 0, 1), ascii("alice\0example.com\0"))));
		// No authentication only; then no authentication or user name and password.
		samples.add(new Sample("socks5 no auth", Probe.SOCKS5, bytes(0x05, 0x01, 0x00)));
		samples.add(new Sample("socks5 user/pass", Probe.SOCKS5, bytes(0x05, 0x02, 0x00, 0x02)));
		// RFC 6120 §9.1.1's example, the declaration and the start tag.
		samples.add(new Sample("xmpp rfc 6120", Probe.XMPP, ascii("<?xml version='1.0'?>\n<stream:stream from='juliet@im.example.com' "
				+ "to='im.example.com' version='1.0' xml:lang='en' xmlns='jabber:client' "
				+ "xmlns:stream='http://etherx.jabber.org/streams'>")));
		samples.add(new Sample("xmpp no declaration", Probe.XMPP, ascii("<stream:stream xmlns=\"jabber:client\" "
				+ "xmlns:stream=\"http://etherx.jabber.org/streams\" to=\"example.com\" version=\"1.0\">")));
		samples.add(new Sample("rdp mstsc", Probe.RDP, rdpWithCookie()));
		// TPKT (19 bytes), X.224 CR (LI 14), then RDP_NEG_REQ asking for TLS and CredSSP.
		samples.add(new Sample("rdp negotiation only", Probe.RDP, bytes(0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00,
				0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00)));
		samples.add(new Sample("adb cnxn", Probe.ADB, adbConnect()));
		return samples;
	}

	private static List<Sample> openVpn() {
		List<Sample> samples = new ArrayList<>();
		// Plain: length 14, opcode 7 key 0, session id, no acks, message id 0.
		samples.add(new Sample("openvpn plain", Probe.OPENVPN,
				concat(u16(14), bytes(0x38), SESSION_ID, bytes(0x00), bytes(0, 0, 0, 0))));
		// tls-auth with SHA1 (20-byte HMAC): packet id 1 and time, then acks and message id in the clear.
		samples.add(new Sample("openvpn tls-auth sha1", Probe.OPENVPN, concat(u16(42), bytes(0x38), SESSION_ID,
				filler(20, 0xD4), bytes(0, 0, 0, 1), TIME, bytes(0x00), bytes(0, 0, 0, 0))));
		// tls-auth with SHA256 (32-byte HMAC): length 54, as tls-crypt.
		samples.add(new Sample("openvpn tls-auth sha256", Probe.OPENVPN, concat(u16(54), bytes(0x38), SESSION_ID,
				filler(32, 0xD4), bytes(0, 0, 0, 1), TIME, bytes(0x00), bytes(0, 0, 0, 0))));
		// tls-crypt: packet id 1, time, 32-byte tag, 5 encrypted bytes.
		samples.add(new Sample("openvpn tls-crypt", Probe.OPENVPN, concat(u16(54), bytes(0x38), SESSION_ID,
				bytes(0, 0, 0, 1), TIME, filler(32, 0xC7), bytes(0x8E, 0x21, 0x5F, 0x90, 0x03))));
		// tls-crypt-v2: opcode 10, packet id 0x0f000001 (early negotiation), tag, 5 encrypted bytes,
		// then the wrapped client key: tag (32), key and metadata encrypted (256 + 10), its length (2).
		byte[] wrappedKey = concat(filler(32, 0xB2), filler(266, 0x6D), u16(300));
		samples.add(new Sample("openvpn tls-crypt-v2", Probe.OPENVPN, concat(u16(54 + wrappedKey.length), bytes(0x50),
				SESSION_ID, bytes(0x0F, 0, 0, 1), TIME, filler(32, 0xC7), bytes(0x8E, 0x21, 0x5F, 0x90, 0x03), wrappedKey)));
		return samples;
	}

	private static byte[] rdpWithCookie() {
		byte[] cookie = ascii("Cookie: mstshash=user\r\n");
		byte[] negotiation = bytes(0x01, 0x00, 0x08, 0x00, 0x0B, 0x00, 0x00, 0x00);
		int length = 4 + 7 + cookie.length + negotiation.length;
		byte[] tpkt = concat(bytes(0x03, 0x00), u16(length));
		byte[] x224 = bytes(length - 5, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00);
		return concat(tpkt, x224, cookie, negotiation);
	}

	private static byte[] adbConnect() {
		byte[] payload = ascii("host::features=shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir,apex,abb\0");
		return concat(ascii("CNXN"), le32(0x01000001), le32(1024 * 1024), le32(payload.length), le32(0),
				le32(~0x4E584E43), payload);
	}

	/** Bytes no probe should take: random ones from fixed seeds, runs, and near misses. */
	static List<Sample> garbage() {
		List<Sample> samples = new ArrayList<>();
		for (long seed = 1; seed <= 200; seed++) {
			SplittableRandom random = new SplittableRandom(seed);
			byte[] bytes = new byte[1 + random.nextInt(2048)];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (byte) random.nextInt(256);
			}
			samples.add(new Sample("random seed " + seed, null, bytes));
		}
		for (int value : new int[] { 0x00, 0xFF, 0x08, ' ', 'A', '\n' }) {
			byte[] run = new byte[4096];
			Arrays.fill(run, (byte) value);
			samples.add(new Sample(String.format("run of 0x%02x", value), null, run));
		}
		samples.add(new Sample("crlf", null, ascii("\r\n\r\n")));
		samples.add(new Sample("http/2 preface", null, ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")));
		samples.add(new Sample("http/0.9", null, ascii("GET /\r\n")));
		samples.add(new Sample("smtp", null, ascii("EHLO client.example.com\r\n")));
		samples.add(new Sample("telnet", null, bytes(0xFF, 0xFD, 0x18, 0xFF, 0xFD, 0x20, 0xFF, 0xFD, 0x23)));
		return samples;
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	static byte[] le32(int v) {
		return new byte[] { (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24) };
	}

	/** Every sample by name, for lookups in tests. */
	static Map<String, byte[]> byName() {
		Map<String, byte[]> map = new LinkedHashMap<>();
		protocols().forEach(s -> map.put(s.name(), s.bytes()));
		return map;
	}
}
