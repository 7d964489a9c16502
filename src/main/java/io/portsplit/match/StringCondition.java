package io.portsplit.match;

import java.util.Arrays;

/**
 * {@code string = BYTES}: the client's data starts with these bytes.
 */
public final class StringCondition implements Condition {

	private final byte[] bytes;

	private final String escaped;

	private final int line;

	/**
	 * @param bytes the bytes to start with, at least one
	 * @param escaped the value as written in the file, with its escapes
	 * @param line where the file declares it
	 */
	public StringCondition(byte[] bytes, String escaped, int line) {
		if (bytes.length == 0) {
			throw new IllegalArgumentException("empty pattern");
		}
		this.bytes = bytes.clone();
		this.escaped = escaped;
		this.line = line;
	}

	@Override
	public Kind kind() {
		return Kind.FIRST_BYTES;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		return (firstDifference(bytes) >= 0) ? Verdict.IMPOSSIBLE
				: (bytes.length() >= this.bytes.length) ? Verdict.MATCH
						: bytes.ended() ? Verdict.IMPOSSIBLE : Verdict.POSSIBLE;
	}

	/** Index of the first byte that differs from the pattern, or -1 if none does so far. */
	private int firstDifference(FirstBytes bytes) {
		byte[] data = bytes.data();
		int n = Math.min(this.bytes.length, bytes.length());
		for (int i = 0; i < n; i++) {
			if (data[i] != this.bytes[i]) {
				return i;
			}
		}
		return -1;
	}

	/** Whether every client this one matches is matched by {@code prefix} too: it starts with it. */
	public boolean startsWith(StringCondition prefix) {
		return prefix.bytes.length <= this.bytes.length
				&& Arrays.equals(this.bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
	}

	public int length() {
		return this.bytes.length;
	}

	/** The bytes the client's data must start with. */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	@Override
	public int maxBytes() {
		return this.bytes.length;
	}

	@Override
	public String option() {
		return "string";
	}

	@Override
	public String value() {
		return this.escaped;
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return "pattern '" + this.escaped + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return switch (verdict) {
			case MATCH -> "MATCHES";
			case POSSIBLE -> "still possible (" + bytes.length() + " of " + this.bytes.length + " bytes match)";
			case IMPOSSIBLE -> {
				int at = firstDifference(bytes);
				yield (at < 0) ? "ruled out: the client ended after " + bytes.length() + " of " + this.bytes.length
						+ " bytes" : String.format("ruled out at byte %d (0x%02X != 0x%02X)", at, bytes.data()[at] & 0xFF,
								this.bytes[at] & 0xFF);
			}
		};
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StringCondition that && Arrays.equals(this.bytes, that.bytes)
				&& this.escaped.equals(that.escaped) && this.line == that.line;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes) * 31 + this.line;
	}

	@Override
	public String toString() {
		return option() + " = " + this.escaped;
	}
}
