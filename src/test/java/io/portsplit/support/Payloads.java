package io.portsplit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Large, reproducible binary payloads streamed with their SHA-256, without holding them in memory. */
public final class Payloads {

	private static final int CHUNK = 64 * 1024;

	private Payloads() {
	}

	public static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes {@code length} pseudo-random bytes (every byte value occurs) and returns their SHA-256. */
	public static String write(OutputStream out, long length, long seed) throws IOException {
		return write(out, new byte[0], length, seed);
	}

	/** Writes {@code prefix}, then {@code length} pseudo-random bytes; returns the SHA-256 of all of it. */
	public static String write(OutputStream out, byte[] prefix, long length, long seed) throws IOException {
		MessageDigest digest = sha256();
		digest.update(prefix);
		out.write(prefix);
		SplittableRandom random = new SplittableRandom(seed);
		byte[] chunk = new byte[CHUNK];
		long left = length;
		while (left > 0) {
			int n = (int) Math.min(chunk.length, left);
			for (int i = 0; i < n; i += 8) {
				long bits = random.nextLong();
				for (int j = i; j < Math.min(n, i + 8); j++) {
					chunk[j] = (byte) bits;
					bits >>>= 8;
				}
			}
			digest.update(chunk, 0, n);
			out.write(chunk, 0, n);
			left -= n;
		}
		out.flush();
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Reads to end of stream; returns the byte count and SHA-256 of what was read. */
	public static Summary read(InputStream in) throws IOException {
		MessageDigest digest = sha256();
		byte[] chunk = new byte[CHUNK];
		long total = 0;
		int n;
		while ((n = in.read(chunk)) >= 0) {
			digest.update(chunk, 0, n);
			total += n;
		}
		return new Summary(total, HexFormat.of().formatHex(digest.digest()));
	}

	public record Summary(long bytes, String sha256) {
	}
}
