package io.portsplit.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The escapes of a {@code string = ...} value: {@code \XX} is one byte in hexadecimal and
 * {@code \\} one backslash. Characters outside ASCII stand for their UTF-8 bytes, since the
 * file itself is UTF-8.
 */
public final class PatternEscapes {

	private static final String HINT = "(use \\XX with two hex digits, or \\\\)";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PatternEscapes() {
	}

	/**
	 * The bytes that {@code text} stands for.
	 * @throws IllegalArgumentException if an escape is malformed or the pattern is empty
	 */
	public static byte[] decode(String text) {
		if (text.isEmpty()) {
			throw new ConfigValueException("empty pattern: a 'string' needs at least one byte");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
		StringBuilder literal = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c != '\\') {
				literal.append(c);
				i++;
				continue;
			}
			flush(literal, out);
			if (i + 1 >= text.length()) {
				throw new ConfigValueException("bad escape '\\' at the end of pattern " + HINT);
			}
			char first = text.charAt(i + 1);
			if (first == '\\') {
				out.write('\\');
				i += 2;
				continue;
			}
			int high = Character.digit(first, 16);
			if (high < 0 || !isAscii(first)) {
				throw badEscape(text.substring(i, i + 2));
			}
			if (i + 2 >= text.length()) {
				throw badEscape(text.substring(i, i + 2));
			}
			char second = text.charAt(i + 2);
			int low = Character.digit(second, 16);
			if (low < 0 || !isAscii(second)) {
				throw badEscape(text.substring(i, i + 3));
			}
			out.write(high * 16 + low);
			i += 3;
		}
		flush(literal, out);
		return out.toByteArray();
	}

	/**
	 * {@code bytes} written as in the file, so that decoding gives them back: printable ASCII as
	 * is (except the backslash), and {@code \XX} for the rest and for a space at either end,
	 * which the file's trimming would otherwise lose.
	 */
	public static String escape(byte[] bytes) {
		StringBuilder out = new StringBuilder(bytes.length * 2);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			boolean edgeSpace = b == ' ' && (i == 0 || i == bytes.length - 1);
			if (b == '\\') {
				out.append("\\\\");
			}
			else if (b >= 0x20 && b <= 0x7E && !edgeSpace) {
				out.append((char) b);
			}
			else {
				out.append('\\').append(HEX[b >> 4]).append(HEX[b & 0xF]);
			}
		}
		return out.toString();
	}

	private static ConfigValueException badEscape(String escape) {
		return new ConfigValueException("bad escape '" + escape + "' in pattern " + HINT);
	}

	// Character.digit also accepts full-width and other Unicode digits.
	private static boolean isAscii(char c) {
		return c < 0x80;
	}

	private static void flush(StringBuilder literal, ByteArrayOutputStream out) {
		if (literal.length() > 0) {
			out.writeBytes(literal.toString().getBytes(StandardCharsets.UTF_8));
			literal.setLength(0);
		}
	}
}
