package io.portsplit.access;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses as text, both ways, without ever looking a name up.
 *
 * <p>Reading checks the shape of the text before the JDK parses it. {@link InetAddress#getByName}
 * parses a literal without DNS but resolves anything it does not take for one, and it accepts
 * forms nobody writing an address means: the BSD short form {@code 127.1}, octal-looking
 * {@code 010.0.0.1}, five-digit IPv6 groups. So IPv4 must be a dotted quad of decimal numbers
 * 0 to 255 without leading zeros; IPv6 must be hex groups of one to four digits and colons,
 * optionally ending in such a dotted quad. IPv6 text always contains a colon, which makes the
 * JDK throw rather than resolve when the groups do not add up to an address.
 *
 * <p>Writing follows RFC 5952: lower case, no leading zeros, the longest run of two or more
 * zero groups (the first of equal runs) as {@code ::}. An IPv4-mapped address in sixteen bytes
 * is written in hex like any IPv6 address ({@code ::ffff:c000:207}), not in RFC 5952's mixed
 * notation, because the PROXY protocol spec describes IPv6 text as hex groups only and every
 * receiver reads those.
 */
public final class IpLiteral {

	/** The longest IPv6 text: six full groups and a dotted quad. */
	private static final int MAX_LENGTH = 45;

	private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	private static final String DOTTED_QUAD = OCTET + "(?:\\." + OCTET + "){3}";

	private static final Pattern IPV4 = Pattern.compile(DOTTED_QUAD);

	// A colon somewhere, no hex run longer than a group, and a dotted quad only after a colon.
	private static final Pattern IPV6 = Pattern
		.compile("(?![0-9A-Fa-f:]*[0-9A-Fa-f]{5})[0-9A-Fa-f:]*:(?:[0-9A-Fa-f:]*|" + DOTTED_QUAD + ")");

	private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

	private static final Pattern SHORT_FORM = Pattern.compile("[0-9]+(?:\\.[0-9]+){0,2}");

	private static final Pattern LEADING_ZERO = Pattern.compile("(?:^|.*\\.)0[0-9].*");

	private static final Pattern PART_ABOVE_255 = Pattern
		.compile("(?:^|.*\\.)(?:[0-9]{4,}|2[6-9][0-9]|25[6-9]|[3-9][0-9][0-9])(?:\\..*|$)");

	private IpLiteral() {
	}

	/**
	 * An IPv4 or IPv6 address from its text.
	 * @throws IllegalArgumentException with a message that quotes the text and says what is wrong
	 */
	public static InetAddress parse(String text) {
		InetAddress address = (text.indexOf(':') >= 0) ? ipv6(text) : ipv4(text);
		if (address == null) {
			throw new IllegalArgumentException(problem(text));
		}
		return address;
	}

	/** The address of a strict dotted quad ({@code 192.0.2.7}), or null for any other text. */
	public static InetAddress ipv4(String text) {
		if (text.length() > MAX_LENGTH || !IPV4.matcher(text).matches()) {
			return null;
		}
		return literal(text);
	}

	/**
	 * The address of IPv6 text ({@code 2001:db8::7}, {@code ::ffff:192.0.2.7}), or null for any
	 * other text. An IPv4-mapped address comes back as its {@link Inet4Address}, as the JDK
	 * gives it.
	 */
	public static InetAddress ipv6(String text) {
		if (text.length() > MAX_LENGTH || !IPV6.matcher(text).matches()) {
			return null;
		}
		return literal(text);
	}

	/** RFC 5952 text for IPv6 (without any scope id), dotted quad for IPv4. */
	public static String format(InetAddress address) {
		return format(address.getAddress());
	}

	/** RFC 5952 text for sixteen bytes, dotted quad for four. */
	public static String format(byte[] address) {
		if (address.length == 4) {
			return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
					+ (address[3] & 0xff);
		}
		if (address.length != 16) {
			throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
		}
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
			i += Math.max(length, 1);
		}
		StringBuilder text = new StringBuilder(39);
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	/** Only on text the patterns above have accepted: the JDK parses it as a literal, without DNS. */
	private static InetAddress literal(String text) {
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static String problem(String text) {
		String quoted = "'" + text + "'";
		if (text.isEmpty()) {
			return "no address";
		}
		if (text.startsWith("[") || text.endsWith("]")) {
			return quoted + " is in brackets: write the address alone";
		}
		if (text.indexOf('%') >= 0) {
			return quoted + " has a zone id: zone ids are not accepted";
		}
		if (text.indexOf(':') >= 0) {
			return quoted + " is not an IPv6 address";
		}
		if (!DIGITS_AND_DOTS.matcher(text).matches()) {
			return quoted + " is not an IP address (names are not accepted)";
		}
		if (SHORT_FORM.matcher(text).matches()) {
			return quoted + " is not a dotted quad: write all four parts";
		}
		if (LEADING_ZERO.matcher(text).matches()) {
			return quoted + " has a part with a leading zero, which could be read as octal";
		}
		if (PART_ABOVE_255.matcher(text).matches()) {
			return quoted + " has a part above 255";
		}
		return quoted + " is not an IPv4 address";
	}
}
