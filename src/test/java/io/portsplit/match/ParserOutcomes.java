package io.portsplit.match;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Runs the stream parsers the way a connection does, read by read, and says what came of it
 * in one comparable line: for the split-invariance tests here and the fuzz targets in
 * {@code io.portsplit.abuse}, which cannot see the package-private parsers.
 * <p>
 * Each read is copied into a larger array between bytes of garbage and fed as its
 * {@code [from, to)} range, so a parser that read outside its range would give another
 * outcome. After every read the status is checked to be monotone: a final status never
 * changes, and a complete request line stays complete.
 */
public final class ParserOutcomes {

	private ParserOutcomes() {
	}

	/**
	 * Feeds {@code input} to a {@link ClientHelloParser} in reads of the given sizes (each at
	 * least 1, the last read taking the rest), then end of stream if {@code end}.
	 */
	public static String clientHello(byte[] input, int[] reads, boolean end, long garbageSeed) {
		ClientHelloParser parser = new ClientHelloParser();
		SplittableRandom garbage = new SplittableRandom(garbageSeed);
		ParseStatus before = parser.status();
		int at = 0;
		for (int i = 0; at < input.length; i++) {
			int n = (i < reads.length) ? Math.min(Math.max(1, reads[i]), input.length - at) : input.length - at;
			Framed framed = framed(input, at, n, garbage);
			parser.feed(framed.array, framed.from, framed.from + n);
			at += n;
			before = checkedTransition(before, parser.status());
		}
		if (end) {
			parser.end();
			checkedTransition(before, parser.status());
		}
		return (parser.status() == ParseStatus.COMPLETE) ? "COMPLETE " + parser.result() : parser.status().toString();
	}

	/** As {@link #clientHello}, for an {@link HttpHeadParser}, with the request line's status too. */
	public static String httpHead(byte[] input, int[] reads, boolean end, long garbageSeed) {
		HttpHeadParser parser = new HttpHeadParser();
		SplittableRandom garbage = new SplittableRandom(garbageSeed);
		ParseStatus before = parser.status();
		ParseStatus lineBefore = parser.requestLineStatus();
		int at = 0;
		for (int i = 0; at < input.length; i++) {
			int n = (i < reads.length) ? Math.min(Math.max(1, reads[i]), input.length - at) : input.length - at;
			Framed framed = framed(input, at, n, garbage);
			parser.feed(framed.array, framed.from, framed.from + n);
			at += n;
			before = checkedTransition(before, parser.status());
			lineBefore = checkedTransition(lineBefore, parser.requestLineStatus());
		}
		if (end) {
			parser.end();
			checkedTransition(before, parser.status());
			checkedTransition(lineBefore, parser.requestLineStatus());
		}
		String line = "request line " + parser.requestLineStatus() + ", head ";
		return line + ((parser.status() == ParseStatus.COMPLETE) ? "COMPLETE " + parser.result() : parser.status());
	}

	/** The outcome of one read of everything, the reference the split outcomes must equal. */
	public static String clientHelloWhole(byte[] input, boolean end) {
		return clientHello(input, new int[0], end, 0);
	}

	public static String httpHeadWhole(byte[] input, boolean end) {
		return httpHead(input, new int[0], end, 0);
	}

	private record Framed(byte[] array, int from) {
	}

	private static Framed framed(byte[] input, int at, int n, SplittableRandom garbage) {
		int before = garbage.nextInt(4);
		byte[] array = new byte[before + n + garbage.nextInt(1, 5)];
		for (int i = 0; i < array.length; i++) {
			array[i] = (byte) garbage.nextInt(256);
		}
		System.arraycopy(input, at, array, before, n);
		return new Framed(array, before);
	}

	private static ParseStatus checkedTransition(ParseStatus before, ParseStatus after) {
		if (before != ParseStatus.INCOMPLETE && after != before) {
			throw new AssertionError("status went from " + before + " to " + after);
		}
		return after;
	}

	/** The first 64 bytes in hex, to name an input in a failure message. */
	static String hex(byte[] bytes) {
		StringBuilder s = new StringBuilder();
		for (byte b : Arrays.copyOf(bytes, Math.min(bytes.length, 64))) {
			s.append(String.format("%02x", b & 0xFF));
		}
		return s.append((bytes.length > 64) ? "..." : "").toString();
	}
}
