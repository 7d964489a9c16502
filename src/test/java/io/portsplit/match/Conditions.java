package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds conditions and first bytes for matcher tests, without a file. */
public final class Conditions {

	private static int line = 1;

	private Conditions() {
	}

	/** {@code string = TEXT}, each char one byte. */
	public static StringCondition string(String text) {
		return string(bytes(text));
	}

	public static StringCondition string(byte[] bytes) {
		StringBuilder escaped = new StringBuilder();
		for (byte b : bytes) {
			int v = b & 0xff;
			if (v == '\\') {
				escaped.append("\\\\");
			}
			else if (v > 0x20 && v < 0x7f) {
				escaped.append((char) v);
			}
			else {
				escaped.append(String.format("\\%02X", v));
			}
		}
		return new StringCondition(bytes, escaped.toString(), line++);
	}

	/** One service's {@code string} alternatives. */
	public static List<Condition> strings(String... patterns) {
		List<Condition> list = new ArrayList<>();
		for (String p : patterns) {
			list.add(string(p));
		}
		return list;
	}

	/** What a matcher holds after {@code data} arrived in one read. */
	public static FirstBytes received(ServiceMatcher matcher, byte[] data) {
		return matcher.firstBytes(data);
	}

	/** The same, then the client ended its sending side. */
	public static FirstBytes receivedThenEnded(ServiceMatcher matcher, byte[] data) {
		FirstBytes bytes = matcher.firstBytes(data);
		bytes.end();
		return bytes;
	}

	/** What a connection holds after {@code chunks} arrived as reads, in order. */
	public static FirstBytes receivedIn(ServiceMatcher matcher, byte[]... chunks) {
		FirstBytes bytes = matcher.firstBytes();
		for (byte[] chunk : chunks) {
			bytes.room(chunk.length).put(chunk);
			bytes.added(chunk.length);
		}
		return bytes;
	}

	public static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}
}
