package io.portsplit.match;

/**
 * The host of a Host header value (RFC 9110 §7.2: {@code uri-host [ ":" port ]}), for routing by
 * name: the port is dropped, an IPv6 or future IP literal keeps its brackets.
 */
final class HostHeader {

	private HostHeader() {
	}

	/**
	 * The host in a value already stripped of surrounding whitespace: empty if the value names
	 * none (an empty value, or only a port); null if the value is not {@code uri-host [":" port]}
	 * (RFC 3986 §3.2.2, §3.2.3), which a server must answer with 400 (RFC 9110 §7.2).
	 */
	static String host(String value) {
		int hostEnd;
		if (value.startsWith("[")) {
			hostEnd = value.indexOf(']') + 1;
			if (hostEnd == 0 || !literalCharacters(value, 1, hostEnd - 1)) {
				return null;
			}
		}
		else {
			hostEnd = value.indexOf(':');
			if (hostEnd < 0) {
				hostEnd = value.length();
			}
			if (!nameCharacters(value, 0, hostEnd)) {
				return null;
			}
		}
		if (hostEnd < value.length() && (value.charAt(hostEnd) != ':' || !digits(value, hostEnd + 1))) {
			return null;
		}
		return value.substring(0, hostEnd);
	}

	/** reg-name or IPv4address: unreserved, percent-encoded and sub-delims characters. */
	private static boolean nameCharacters(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!unreservedOrSubDelim(value.charAt(i)) && value.charAt(i) != '%') {
				return false;
			}
		}
		return true;
	}

	/** IPv6address, IPv6 with a zone, or IPvFuture: the same characters and colons, not empty. */
	private static boolean literalCharacters(String value, int from, int to) {
		if (from == to) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!unreservedOrSubDelim(c) && c != ':' && c != '%') {
				return false;
			}
		}
		return true;
	}

	private static boolean unreservedOrSubDelim(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=".indexOf(c) >= 0;
	}

	private static boolean digits(String value, int from) {
		for (int i = from; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}
}
