package io.portsplit.match;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds TLS ClientHello messages and the records that carry them, field by field as RFC 8446
 * §4.1.2 lays them out, for tests and the benchmark. Every length is computed, unless a test
 * overrides one to make the message malformed.
 */
public final class ClientHelloBuilder {

	/** TLS 1.3's suites, a GREASE suite and two TLS 1.2 ones, as browsers send. */
	public static final int[] TYPICAL_SUITES = { 0x1A1A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F };

	private int legacyVersion = 0x0303;

	private int sessionIdLength = 32;

	private int[] cipherSuites = TYPICAL_SUITES;

	private byte[] compression = { 0 };

	private final List<byte[]> extensions = new ArrayList<>();

	private boolean withoutExtensionsBlock;

	public static ClientHelloBuilder hello() {
		return new ClientHelloBuilder();
	}

	public ClientHelloBuilder legacyVersion(int version) {
		this.legacyVersion = version;
		return this;
	}

	public ClientHelloBuilder sessionIdLength(int length) {
		this.sessionIdLength = length;
		return this;
	}

	public ClientHelloBuilder cipherSuites(int... suites) {
		this.cipherSuites = suites;
		return this;
	}

	public ClientHelloBuilder compression(byte... methods) {
		this.compression = methods;
		return this;
	}

	/** No extensions block at all, as a TLS 1.2 client may send. */
	public ClientHelloBuilder withoutExtensionsBlock() {
		this.withoutExtensionsBlock = true;
		return this;
	}

	/** An extension with the given data, its type and length computed. */
	public ClientHelloBuilder extension(int type, byte[] data) {
		this.extensions.add(concat(u16(type), u16(data.length), data));
		return this;
	}

	/** Raw bytes in the extensions block, for malformed extensions. */
	public ClientHelloBuilder rawExtension(byte[] bytes) {
		this.extensions.add(bytes);
		return this;
	}

	public ClientHelloBuilder serverName(String host) {
		byte[] name = host.getBytes(StandardCharsets.ISO_8859_1);
		byte[] entry = concat(new byte[] { 0 }, u16(name.length), name);
		return extension(0, concat(u16(entry.length), entry));
	}

	public ClientHelloBuilder alpn(String... names) {
		ByteArrayOutputStream list = new ByteArrayOutputStream();
		for (String name : names) {
			byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
			list.write(bytes.length);
			list.writeBytes(bytes);
		}
		return extension(16, concat(u16(list.size()), list.toByteArray()));
	}

	public ClientHelloBuilder supportedVersions(int... versions) {
		ByteArrayOutputStream list = new ByteArrayOutputStream();
		list.write(versions.length * 2);
		for (int v : versions) {
			list.writeBytes(u16(v));
		}
		return extension(43, list.toByteArray());
	}

	/** A key_share (51) with one share of {@code keyLength} bytes of the given group. */
	public ClientHelloBuilder keyShare(int group, int keyLength) {
		byte[] share = concat(u16(group), u16(keyLength), filler(keyLength, 0x5A));
		return extension(51, concat(u16(share.length), share));
	}

	/** An outer encrypted_client_hello (0xfe0d) with a payload of {@code payloadLength} bytes. */
	public ClientHelloBuilder encryptedClientHello(int payloadLength) {
		byte[] data = concat(new byte[] { 0 }, u16(0x0001), u16(0x0001), new byte[] { 0x42 }, u16(32), filler(32, 0x11),
				u16(payloadLength), filler(payloadLength, 0x77));
		return extension(0xFE0D, data);
	}

	/** The body (legacy_version to the end), without the handshake header. */
	public byte[] body() {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(u16(this.legacyVersion));
		body.writeBytes(filler(32, 0xA5));
		body.write(this.sessionIdLength);
		body.writeBytes(filler(this.sessionIdLength, 0x33));
		body.writeBytes(u16(this.cipherSuites.length * 2));
		for (int suite : this.cipherSuites) {
			body.writeBytes(u16(suite));
		}
		body.write(this.compression.length);
		body.writeBytes(this.compression);
		if (!this.withoutExtensionsBlock) {
			ByteArrayOutputStream block = new ByteArrayOutputStream();
			this.extensions.forEach(block::writeBytes);
			body.writeBytes(u16(block.size()));
			body.writeBytes(block.toByteArray());
		}
		return body.toByteArray();
	}

	/** The handshake message: type 1, 3-byte length, body. */
	public byte[] message() {
		return handshake(body());
	}

	public static byte[] handshake(byte[] body) {
		return concat(new byte[] { 1 }, u24(body.length), body);
	}

	/** The message in one record of version 0x0301, as clients send it. */
	public byte[] record() {
		return records(message(), Integer.MAX_VALUE);
	}

	/** {@code payload} cut into handshake records of at most {@code size} bytes each. */
	public static byte[] records(byte[] payload, int size) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int at = 0; at < payload.length; at += size) {
			int n = Math.min(size, payload.length - at);
			out.writeBytes(recordHeader(n));
			out.write(payload, at, n);
		}
		return out.toByteArray();
	}

	/** {@code payload} cut into handshake records at the given lengths (the last takes the rest). */
	public static byte[] recordsOf(byte[] payload, int... lengths) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		for (int i = 0; i <= lengths.length && at < payload.length; i++) {
			int n = (i < lengths.length) ? lengths[i] : payload.length - at;
			out.writeBytes(recordHeader(n));
			out.write(payload, at, n);
			at += n;
		}
		return out.toByteArray();
	}

	public static byte[] recordHeader(int length) {
		return concat(new byte[] { 0x16, 0x03, 0x01 }, u16(length));
	}

	public static byte[] u16(int v) {
		return new byte[] { (byte) (v >>> 8), (byte) v };
	}

	public static byte[] u24(int v) {
		return new byte[] { (byte) (v >>> 16), (byte) (v >>> 8), (byte) v };
	}

	public static byte[] filler(int length, int value) {
		byte[] bytes = new byte[length];
		java.util.Arrays.fill(bytes, (byte) value);
		return bytes;
	}

	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * A browser-like ClientHello of about 500 bytes: GREASE, SNI, ALPN, supported_versions, an
	 * X25519 key share, and the usual other extensions (skipped by the parser), padded as
	 * browsers pad to 512 bytes.
	 */
	public static byte[] typical(String host) {
		return browserLike(host, 0x001D, 32, 512);
	}

	/** A ClientHello of about 1,800 bytes: an X25519MLKEM768 key share (1,216 bytes) as well. */
	public static byte[] postQuantum(String host) {
		ClientHelloBuilder b = common(host);
		byte[] mlkem = concat(u16(0x11EC), u16(1216), filler(1216, 0x5A));
		byte[] x25519 = concat(u16(0x001D), u16(32), filler(32, 0x5B));
		byte[] shares = concat(mlkem, x25519);
		b.extension(51, concat(u16(shares.length), shares));
		b.extension(0xFE0D, filler(250, 0x77));
		b.extension(0x3A3A, new byte[1]);
		return b.record();
	}

	private static byte[] browserLike(String host, int group, int keyLength, int padTo) {
		ClientHelloBuilder b = common(host);
		b.keyShare(group, keyLength);
		b.extension(0x3A3A, new byte[1]);
		int unpadded = b.message().length;
		if (unpadded + 4 < padTo) {
			b.extension(21, new byte[padTo - unpadded - 4]);
		}
		return b.record();
	}

	private static ClientHelloBuilder common(String host) {
		ClientHelloBuilder b = hello().cipherSuites(0x2A2A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030,
				0xCCA9, 0xCCA8, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035);
		b.extension(0x0A0A, new byte[0]);
		b.serverName(host);
		b.extension(23, new byte[0]);
		b.extension(0xFF01, new byte[1]);
		b.extension(10, concat(u16(8), u16(0x4A4A), u16(0x001D), u16(0x0017), u16(0x0018)));
		b.extension(11, new byte[] { 1, 0 });
		b.extension(35, new byte[0]);
		b.alpn("h2", "http/1.1");
		b.extension(5, new byte[] { 1, 0, 0, 0, 0 });
		b.extension(13, concat(u16(16), u16(0x0403), u16(0x0804), u16(0x0401), u16(0x0503), u16(0x0805), u16(0x0501),
				u16(0x0806), u16(0x0601)));
		b.extension(18, new byte[0]);
		b.extension(45, new byte[] { 1, 1 });
		b.supportedVersions(0x5A5A, 0x0304, 0x0303);
		b.extension(27, new byte[] { 2, 0, 2 });
		b.extension(17513, concat(u16(3), new byte[] { 2, 'h', '2' }));
		return b;
	}
}
