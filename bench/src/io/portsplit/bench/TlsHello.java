package io.portsplit.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;

/**
 * The first bytes of the {@code sni} scenario: a real TLS ClientHello, captured from curl
 * (src/test/resources/io/portsplit/match/clients/curl-https-sni-alpn.hex, 517 bytes, record
 * version 0x0301, ALPN h2 and http/1.1, padded by the padding extension to a 512-byte record
 * body, as browsers do), with its server name replaced. The lengths are rewritten and the
 * padding extension absorbs the difference, so the ClientHello keeps its size. No handshake
 * follows: the backend answers once it has all the bytes.
 */
final class TlsHello {

	static final Path CAPTURE = Paths.get("src/test/resources/io/portsplit/match/clients/curl-https-sni-alpn.hex");

	private static final int SERVER_NAME = 0;

	private static final int PADDING = 21;

	private TlsHello() {
	}

	/** The size of every ClientHello this class makes: the capture's. */
	static int length() {
		try {
			return read(CAPTURE).length;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** The captured ClientHello with {@code serverName} as its server name. */
	static byte[] withServerName(String serverName) throws IOException {
		return withServerName(read(CAPTURE), serverName);
	}

	static byte[] read(Path hexFile) throws IOException {
		StringBuilder hex = new StringBuilder();
		for (String line : Files.readAllLines(hexFile, StandardCharsets.US_ASCII)) {
			if (!line.startsWith("#")) {
				hex.append(line.replaceAll("\\s+", ""));
			}
		}
		return HexFormat.of().parseHex(hex);
	}

	static byte[] withServerName(byte[] capture, String serverName) {
		ByteBuffer in = ByteBuffer.wrap(capture);
		if (u8(in) != 0x16) {
			throw new IllegalArgumentException("not a TLS handshake record");
		}
		int recordVersion = u16(in);
		int recordLength = u16(in);
		if (recordLength != capture.length - 5 || u8(in) != 1) {
			throw new IllegalArgumentException("not one record holding one ClientHello");
		}
		int helloLength = u24(in);
		int bodyStart = in.position();
		// legacy_version, random, session id, cipher suites, compression methods: copied as they are
		in.position(in.position() + 2 + 32);
		skip(in, u8(in));
		skip(in, u16(in));
		skip(in, u8(in));
		byte[] head = new byte[in.position() - bodyStart];
		in.get(bodyStart, head);
		int extensionsLength = u16(in);
		if (in.position() + extensionsLength != bodyStart + helloLength) {
			throw new IllegalArgumentException("extensions do not end the ClientHello");
		}
		byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream extensions = new ByteArrayOutputStream();
		int oldName = -1;
		int paddingAt = -1;
		int paddingLength = 0;
		while (in.hasRemaining()) {
			int type = u16(in);
			int length = u16(in);
			byte[] data = new byte[length];
			in.get(data);
			if (type == SERVER_NAME) {
				oldName = length - 5;
				u16(extensions, SERVER_NAME);
				u16(extensions, name.length + 5);
				u16(extensions, name.length + 3);
				extensions.write(0);
				u16(extensions, name.length);
				extensions.writeBytes(name);
				continue;
			}
			if (type == PADDING) {
				paddingAt = extensions.size();
				paddingLength = length;
				extensions.writeBytes(new byte[4]);
				continue;
			}
			u16(extensions, type);
			u16(extensions, length);
			extensions.writeBytes(data);
		}
		if (oldName < 0) {
			throw new IllegalArgumentException("the capture has no server name");
		}
		byte[] ext = extensions.toByteArray();
		if (paddingAt >= 0) {
			int padding = paddingLength - (name.length - oldName);
			if (padding < 0) {
				throw new IllegalArgumentException("server name too long to keep the ClientHello's size");
			}
			byte[] padded = new byte[ext.length + padding];
			System.arraycopy(ext, 0, padded, 0, paddingAt);
			padded[paddingAt] = 0;
			padded[paddingAt + 1] = PADDING;
			padded[paddingAt + 2] = (byte) (padding >> 8);
			padded[paddingAt + 3] = (byte) padding;
			System.arraycopy(ext, paddingAt + 4, padded, paddingAt + 4 + padding, ext.length - paddingAt - 4);
			ext = padded;
		}
		int newHello = head.length + 2 + ext.length;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x16);
		u16(out, recordVersion);
		u16(out, newHello + 4);
		out.write(1);
		out.write(newHello >> 16);
		u16(out, newHello & 0xffff);
		out.writeBytes(head);
		u16(out, ext.length);
		out.writeBytes(ext);
		return out.toByteArray();
	}

	private static void skip(ByteBuffer in, int bytes) {
		in.position(in.position() + bytes);
	}

	private static int u8(ByteBuffer in) {
		return in.get() & 0xff;
	}

	private static int u16(ByteBuffer in) {
		return in.getShort() & 0xffff;
	}

	private static int u24(ByteBuffer in) {
		return (u8(in) << 16) | u16(in);
	}

	private static void u16(ByteArrayOutputStream out, int value) {
		out.write(value >> 8);
		out.write(value);
	}

	/** {@code java -cp target/bench-classes io.portsplit.bench.TlsHello NAME}: the bytes in hex, to check them. */
	public static void main(String[] args) throws IOException {
		byte[] hello = withServerName(args.length > 0 ? args[0] : "name9.example");
		System.out.println(hello.length + " bytes");
		System.out.println(HexFormat.of().formatHex(hello));
	}
}
