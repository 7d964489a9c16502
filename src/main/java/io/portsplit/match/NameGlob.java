package io.portsplit.match;

import java.util.Objects;

/**
 * A host-name pattern, for a TLS server name or an HTTP Host: {@code *} stands for any run of
 * characters, dots included and possibly empty ({@code *.example.com} matches
 * {@code a.b.example.com}, not {@code example.com}); {@code ?} for exactly one character.
 * Letters compare without case (ASCII only, as DNS does), and one trailing dot is ignored on
 * the pattern and on the name, since {@code example.com.} and {@code example.com} name the
 * same host.
 * <p>
 * Matching goes through the name once, going back only to the last {@code *}: at most
 * (name length x pattern length) steps, never the exponential search of a naive backtracker,
 * whatever a client sends.
 */
final class NameGlob {

	private final String pattern;

	/** The pattern lower-cased, without its trailing dot. */
	private final String folded;

	private NameGlob(String pattern, String folded) {
		this.pattern = pattern;
		this.folded = folded;
	}

	/** @throws IllegalArgumentException if the pattern is empty or only a dot, which no host name matches */
	static NameGlob parse(String pattern) {
		Objects.requireNonNull(pattern, "pattern");
		String folded = fold(pattern);
		if (folded.isEmpty()) {
			throw new IllegalArgumentException("host-name pattern '" + pattern + "' is empty: write a name such as "
					+ "'example.com' or '*.example.com', or '*' for any name");
		}
		return new NameGlob(pattern, folded);
	}

	boolean matches(String name) {
		String n = fold(Objects.requireNonNull(name, "name"));
		String p = this.folded;
		int at = 0;
		int in = 0;
		int star = -1;
		int starMatchedUpTo = 0;
		while (in < n.length()) {
			if (at < p.length() && (p.charAt(at) == '?' || p.charAt(at) == n.charAt(in))) {
				at++;
				in++;
			}
			else if (at < p.length() && p.charAt(at) == '*') {
				star = at++;
				starMatchedUpTo = in;
			}
			else if (star >= 0) {
				// The last star takes one character more; the pattern after it starts again.
				at = star + 1;
				in = ++starMatchedUpTo;
			}
			else {
				return false;
			}
		}
		while (at < p.length() && p.charAt(at) == '*') {
			at++;
		}
		return at == p.length();
	}

	/** The pattern as written. */
	@Override
	public String toString() {
		return this.pattern;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NameGlob glob && glob.pattern.equals(this.pattern);
	}

	@Override
	public int hashCode() {
		return this.pattern.hashCode();
	}

	private static String fold(String text) {
		int length = text.endsWith(".") ? text.length() - 1 : text.length();
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			chars[i] = (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
		}
		return new String(chars);
	}
}
