package io.portsplit.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.portsplit.access.IpLiteral;

/** Bytes and addresses for the PROXY protocol tests. */
final class Bytes {

	private Bytes() {
	}

	/** Hex digits, spaces ignored. */
	static byte[] hex(String digits) {
		return HexFormat.of().parseHex(digits.replace(" ", ""));
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	static InetSocketAddress address(String literal, int port) {
		return new InetSocketAddress(IpLiteral.parse(literal), port);
	}

	/** A v2 header from its parts: command byte, family byte, then what follows the length. */
	static byte[] v2(int versionAndCommand, int familyAndProtocol, byte[] rest) {
		return concat(V2Format.SIGNATURE, new byte[] { (byte) versionAndCommand, (byte) familyAndProtocol,
				(byte) (rest.length >>> 8), (byte) rest.length }, rest);
	}
}
