package io.portsplit.config;

import java.util.Arrays;

/**
 * One {@code string = ...} value: the bytes a client's data must start with, plus the
 * text as written in the file (with its escapes) and its line, for logs and explanations.
 */
public final class BytePattern {

	private final byte[] bytes;

	private final String escaped;

	private final int line;

	public BytePattern(byte[] bytes, String escaped, int line) {
		if (bytes.length == 0) {
			throw new IllegalArgumentException("empty pattern");
		}
		this.bytes = bytes.clone();
		this.escaped = escaped;
		this.line = line;
	}

	public int length() {
		return this.bytes.length;
	}

	public byte byteAt(int index) {
		return this.bytes[index];
	}

	public byte[] bytes() {
		return this.bytes.clone();
	}

	/** The pattern written with the file's escapes ({@code \XX}, {@code \\}). */
	public String escaped() {
		return this.escaped;
	}

	/** Line of the configuration file that declared it. */
	public int line() {
		return this.line;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof BytePattern that && Arrays.equals(this.bytes, that.bytes)
				&& this.escaped.equals(that.escaped) && this.line == that.line;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes) * 31 + this.line;
	}

	@Override
	public String toString() {
		return this.escaped;
	}
}
