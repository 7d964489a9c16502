package io.portsplit.match;

/** The token characters of HTTP (RFC 9110 §5.6.2), of which methods and header names are made. */
final class Tokens {

	private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

	private Tokens() {
	}

	static boolean isTokenCharacter(int b) {
		return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || (b < 0x80 && SYMBOLS.indexOf(b) >= 0);
	}
}
