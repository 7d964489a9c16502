package io.portsplit.match;

import static io.portsplit.match.ProtocolSamples.ascii;
import static io.portsplit.match.ProtocolSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Each built-in probe's exact rule, its bound, and the laws every probe keeps. */
class ProbeTest {

	private static Verdict test(Probe probe, byte[] bytes) {
		return probe.test(bytes, bytes.length, false);
	}

	private static Verdict test(Probe probe, String text) {
		return test(probe, ascii(text));
	}

	@Test
	void namedByLowerCaseName() {
		for (Probe probe : Probe.values()) {
			assertThat(Probe.named(probe.name().toLowerCase())).contains(probe);
			assertThat(probe.configName()).isEqualTo(probe.name().toLowerCase());
			assertThat(probe.rule()).isNotBlank().doesNotContain("\n");
		}
		assertThat(Probe.named("SSH")).isEmpty();
		assertThat(Probe.named("msrdp")).isEmpty();
		assertThat(Probe.named("")).isEmpty();
	}

	@Test
	void everyProbeIsMonotoneSettlesWithinItsBoundAndTurnsPossibleIntoImpossibleAtTheEnd() {
		for (ProtocolSamples.Sample sample : Inputs.all()) {
			byte[] bytes = sample.bytes();
			for (Probe probe : Probe.values()) {
				Verdict settled = null;
				int upTo = Math.min(bytes.length, probe.maxBytes() + 2);
				for (int length = 0; length <= upTo; length++) {
					Verdict verdict = probe.test(bytes, length, false);
					if (settled != null) {
						assertThat(verdict).as("%s on %s, %d bytes", probe, sample, length).isEqualTo(settled);
					}
					else if (verdict != Verdict.POSSIBLE) {
						settled = verdict;
					}
					if (length >= probe.maxBytes()) {
						assertThat(verdict).as("%s on %s at %d bytes", probe, sample, length).isNotEqualTo(Verdict.POSSIBLE);
					}
					Verdict ended = probe.test(bytes, length, true);
					assertThat(ended).as("%s on %s, %d bytes, ended", probe, sample, length)
						.isEqualTo((verdict == Verdict.POSSIBLE) ? Verdict.IMPOSSIBLE : verdict);
				}
			}
		}
	}

	@Test
	void readsNothingAtOrPastItsLength() {
		for (ProtocolSamples.Sample sample : Inputs.protocols()) {
			byte[] bytes = sample.bytes();
			for (Probe probe : Probe.values()) {
				for (int length : new int[] { 0, 1, 5, bytes.length / 2, bytes.length - 1 }) {
					if (length < 0) {
						continue;
					}
					byte[] exact = Arrays.copyOf(bytes, length);
					byte[] longer = Arrays.copyOf(bytes, length + 3000);
					Arrays.fill(longer, length, longer.length, (byte) 0x41);
					assertThat(probe.test(longer, length, false)).as("%s on %s, %d bytes", probe, sample, length)
						.isEqualTo(probe.test(exact, length, false));
				}
			}
		}
		assertThatThrownBy(() -> Probe.SSH.test(new byte[3], 4, false)).isInstanceOf(IndexOutOfBoundsException.class);
	}

	@Test
	void ssh() {
		assertThat(test(Probe.SSH, "")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SSH, "SSH")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SSH, "SSH-2.0")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SSH, "SSH-2.0-")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SSH, "SSH-1.5-")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SSH, "SSH-12345678-")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SSH, "SSH-123456789")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SSH, "SSH--")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SSH, "SSH-.")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SSH, "SSH-2.0 ")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SSH, "ssh-")).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void tls() {
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x02, 0x00))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x01))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x00, 0x00, 0x01, 0x01))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x04, 0x40, 0x00, 0x01))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x40, 0x01))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x41))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x00, 0x00))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x05))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x02))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.TLS, bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x02))).isEqualTo(Verdict.IMPOSSIBLE);
		// SSL 2.0's ClientHello.
		assertThat(test(Probe.TLS, bytes(0x80, 0x2E, 0x01, 0x00, 0x02))).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void http() {
		assertThat(test(Probe.HTTP, "GET / HTTP/1.1\r\n")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.HTTP, "GET / HTTP/1.1\n")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.HTTP, "get / HTTP/1.0\r\n")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.HTTP, "GET / HTTP/1.1\r")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.HTTP, "G")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.HTTP, "PRI * HTTP/2")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.HTTP, "GET /\r\n")).isEqualTo(Verdict.IMPOSSIBLE);
		// Only the request line counts: a bad header after it does not undo the match.
		assertThat(test(Probe.HTTP, "GET / HTTP/1.1\r\n folded\r\n")).isEqualTo(Verdict.MATCH);
		// Possible only while " HTTP/1.1", its LF and a head's empty line can still fit 8 KiB.
		String longTarget = "GET /" + "a".repeat(HttpHeadParser.MAX_HEAD_BYTES);
		assertThat(test(Probe.HTTP, longTarget.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 11))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.HTTP, longTarget.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 10))).isEqualTo(Verdict.IMPOSSIBLE);
		String longest = longTarget.substring(0, HttpHeadParser.MAX_HEAD_BYTES - 11) + " HTTP/1.1\n";
		assertThat(longest).hasSize(Probe.HTTP.maxBytes());
		assertThat(test(Probe.HTTP, longest)).isEqualTo(Verdict.MATCH);
	}

	@Test
	void openVpnLengthsAndOpcodes() {
		assertThat(test(Probe.OPENVPN, bytes(0x00))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x05))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0E))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0F))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x00))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x01, 0x57))).as("343").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x01, 0x58))).as("344").isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x04, 0x36))).as("1078").isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x04, 0x37))).as("1079").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0E, 0x38))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0E, 0x39))).as("key id 1").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0E, 0x50))).as("V3 at a V2 length").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x01, 0x60, 0x38))).as("V2 at a V3 length").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.OPENVPN, bytes(0x00, 0x0E, 0x08))).as("hard reset V1").isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void openVpnLayouts() {
		byte[] sid = { 1, 2, 3, 4, 5, 6, 7, 8 };
		byte[] plain = ClientHelloBuilder.concat(bytes(0x00, 0x0E, 0x38), sid, new byte[5]);
		assertThat(test(Probe.OPENVPN, plain)).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.OPENVPN, Arrays.copyOf(plain, 15))).isEqualTo(Verdict.POSSIBLE);
		byte[] zeroSid = plain.clone();
		Arrays.fill(zeroSid, 3, 11, (byte) 0);
		assertThat(test(Probe.OPENVPN, zeroSid)).as("session id all zero").isEqualTo(Verdict.IMPOSSIBLE);
		byte[] acked = plain.clone();
		acked[11] = 1;
		assertThat(test(Probe.OPENVPN, acked)).as("an ack in the first packet").isEqualTo(Verdict.IMPOSSIBLE);
		// Length 54: tls-auth with SHA256 (clear tail of zeros) or tls-crypt (packet id 1).
		byte[] tlsCrypt = ClientHelloBuilder.concat(bytes(0x00, 0x36, 0x38), sid, bytes(0, 0, 0, 1), new byte[] { 0x66, 1, 2, 3 },
				ClientHelloBuilder.filler(37, 0x99));
		assertThat(test(Probe.OPENVPN, Arrays.copyOf(tlsCrypt, 15))).as("packet id 1 is enough").isEqualTo(Verdict.MATCH);
		byte[] neither = tlsCrypt.clone();
		neither[14] = 2;
		assertThat(test(Probe.OPENVPN, Arrays.copyOf(neither, 15))).as("a tls-auth tail may still come").isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.OPENVPN, neither)).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] tlsAuth256 = neither.clone();
		Arrays.fill(tlsAuth256, 51, 56, (byte) 0);
		assertThat(test(Probe.OPENVPN, tlsAuth256)).isEqualTo(Verdict.MATCH);
		// tls-crypt-v2: packet id 1 or 0x0f000001.
		byte[] v3 = ClientHelloBuilder.concat(bytes(0x01, 0x61, 0x50), sid, bytes(0x0F, 0, 0, 1));
		assertThat(test(Probe.OPENVPN, v3)).isEqualTo(Verdict.MATCH);
		v3[11] = 0;
		assertThat(test(Probe.OPENVPN, v3)).isEqualTo(Verdict.MATCH);
		v3[11] = 0x0E;
		assertThat(test(Probe.OPENVPN, v3)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void socks4() {
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 0))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x02, 0x00, 0x50, 127, 0, 0, 1, 'u', 0))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x03))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x00))).as("port 0").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x50, 127, 0, 0, 1, 'u', 0x01))).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] header = bytes(0x04, 0x01, 0x00, 0x50, 10, 0, 0, 1);
		byte[] longest = ClientHelloBuilder.concat(header, ClientHelloBuilder.filler(255, 'u'));
		assertThat(test(Probe.SOCKS4, longest)).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS4, ClientHelloBuilder.concat(longest, bytes(0)))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS4, ClientHelloBuilder.concat(longest, bytes('u')))).isEqualTo(Verdict.IMPOSSIBLE);
		// SOCKS 4a: a host name must follow, not empty.
		byte[] socks4a = bytes(0x04, 0x01, 0x00, 0x50, 0, 0, 0, 7, 0);
		assertThat(test(Probe.SOCKS4, socks4a)).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS4, ClientHelloBuilder.concat(socks4a, bytes(0)))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS4, ClientHelloBuilder.concat(socks4a, ascii("a.example\0")))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS4, ClientHelloBuilder.concat(socks4a, ascii("a example\0")))).isEqualTo(Verdict.IMPOSSIBLE);
		// 0.0.0.0 is not SOCKS 4a.
		assertThat(test(Probe.SOCKS4, bytes(0x04, 0x01, 0x00, 0x50, 0, 0, 0, 0, 0))).isEqualTo(Verdict.MATCH);
	}

	@Test
	void socks5() {
		assertThat(test(Probe.SOCKS5, bytes(0x05))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x00))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x0B))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x02, 0x00))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x02, 0x00, 0x0A))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x02, 0x00, 0x80))).as("a private method").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x02, 0x00, 0x01))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS5, bytes(0x05, 0x0A, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.SOCKS5, bytes(0x04, 0x01))).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void xmpp() {
		assertThat(test(Probe.XMPP, "<")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, "<?xm")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, "<x")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, " <stream:stream")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<?xml?>")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<?xml version='1.0'>")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<?xml version='1.0'?> \r\n\t<stream:stream xmlns='jabber:cli")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, "<?xml version='1.0'?><stream:stream xmlns='jabber:client'")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.XMPP, "<?xml version='1.0'?><stream:stream>")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<stream:streamx")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<stream:stream xmlns='jabber:server'>")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<stream:stream to='a>b' xmlns='jjabber:client'")).as("a quoted '>'").isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.XMPP, "<stream:stream to='a<b'")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, "<html><body>jabber:client")).isEqualTo(Verdict.IMPOSSIBLE);
		// The bound: the namespace must end within 1024 bytes.
		String open = "<stream:stream ";
		String fits = open + " ".repeat(XmppRecogniser.MAX_BYTES - open.length() - 13);
		assertThat(test(Probe.XMPP, fits)).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, fits + "jabber:client")).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.XMPP, fits + " ")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, fits.substring(0, fits.length() - 1) + "jabber:clien")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, fits + "jabber:clien")).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, fits + " jabber:clien")).isEqualTo(Verdict.IMPOSSIBLE);
		String declaration = "<?xml " + " ".repeat(XmppRecogniser.MAX_BYTES - 6 - 30);
		assertThat(test(Probe.XMPP, declaration)).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.XMPP, declaration + " ")).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.XMPP, declaration + "?>" + open.trim() + " jabber:client")).isEqualTo(Verdict.MATCH);
	}

	@Test
	void rdp() {
		byte[] request = bytes(0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00, 0x12, 0x34, 0x00);
		assertThat(test(Probe.RDP, request)).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.RDP, Arrays.copyOf(request, 10))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x00, 0x0A))).as("length 10").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x01, 0x03))).as("length 259").isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x01, 0x04))).as("length 260").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x02))).isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x00, 0x13, 0x0D))).as("length indicator").isEqualTo(Verdict.IMPOSSIBLE);
		assertThat(test(Probe.RDP, bytes(0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0))).as("a connection confirm").isEqualTo(Verdict.IMPOSSIBLE);
		byte[] classFour = request.clone();
		classFour[10] = 0x40;
		assertThat(test(Probe.RDP, classFour)).isEqualTo(Verdict.IMPOSSIBLE);
	}

	@Test
	void adb() {
		byte[] connect = ProtocolSamples.byName().get("adb cnxn");
		assertThat(test(Probe.ADB, Arrays.copyOf(connect, 28))).isEqualTo(Verdict.POSSIBLE);
		assertThat(test(Probe.ADB, Arrays.copyOf(connect, 29))).isEqualTo(Verdict.MATCH);
		assertThat(test(Probe.ADB, "CNXA")).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] wrongMagic = connect.clone();
		wrongMagic[23] = 0;
		assertThat(test(Probe.ADB, wrongMagic)).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] version2 = connect.clone();
		version2[7] = 2;
		assertThat(test(Probe.ADB, Arrays.copyOf(version2, 8))).isEqualTo(Verdict.IMPOSSIBLE);
		byte[] device = connect.clone();
		System.arraycopy(ascii("device::"), 0, device, 24, 8);
		assertThat(test(Probe.ADB, device)).as("a device's CNXN").isEqualTo(Verdict.IMPOSSIBLE);
	}
}
