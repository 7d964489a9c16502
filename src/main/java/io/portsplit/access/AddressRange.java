package io.portsplit.access;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A CIDR block of source addresses ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or one address
 * ({@code 192.0.2.7} is {@code /32}, {@code ::1} is {@code /128}).
 *
 * <p>IPv4 and IPv6 are separate spaces: an IPv4 range never contains a native IPv6 address nor
 * the other way round, so {@code ::/0} is every IPv6 source and no IPv4 one. IPv4-mapped IPv6 is
 * IPv4 on both sides: a mapped source is matched as its IPv4 address, and a range written in
 * the mapped block ({@code ::ffff:10.0.0.0/104}) is the IPv4 range it denotes
 * ({@code 10.0.0.0/8}).
 *
 * <p>A range with host bits set after its prefix ({@code 10.0.0.1/8}) is refused rather than
 * masked: it is usually a typo for a single address or a different prefix, and silently
 * widening it would admit sources nobody meant to.
 */
public final class AddressRange {

	private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private static final int MAPPED_PREFIX = 96;

	/** Four or sixteen bytes, with every bit after the prefix clear. */
	private final byte[] network;

	private final int prefix;

	private AddressRange(byte[] network, int prefix) {
		this.network = network;
		this.prefix = prefix;
	}

	/**
	 * The range written as {@code address/prefix} or as a single address.
	 * @throws IllegalArgumentException with a message of the form {@code bad address range
	 * '10.0.0.256/8': '10.0.0.256' has a part above 255}, complete in itself for an operator
	 */
	public static AddressRange parse(String text) {
		int slash = text.indexOf('/');
		if (slash >= 0 && text.indexOf('/', slash + 1) >= 0) {
			throw bad(text, "more than one '/'");
		}
		String addressText = (slash < 0) ? text : text.substring(0, slash);
		InetAddress address;
		try {
			address = IpLiteral.parse(addressText);
		}
		catch (IllegalArgumentException ex) {
			throw bad(text, ex.getMessage());
		}
		// IPv6 text keeps IPv6 prefix lengths, even where the JDK gives a mapped address as IPv4.
		boolean writtenAsIpv6 = addressText.indexOf(':') >= 0;
		byte[] bytes = address.getAddress();
		if (writtenAsIpv6 && bytes.length == 4) {
			bytes = Ipv4Mapped.map(bytes);
		}
		int bits = bytes.length * 8;
		int prefix = (slash < 0) ? bits : prefixLength(text, text.substring(slash + 1), bits);
		byte[] network = masked(bytes, prefix);
		if (!Arrays.equals(network, bytes)) {
			throw bad(text, "host bits are set after the /" + prefix + " prefix: did you mean '"
					+ IpLiteral.format(network) + "/" + prefix + "'?");
		}
		if (Ipv4Mapped.isMapped(network) && prefix >= MAPPED_PREFIX) {
			return new AddressRange(Arrays.copyOfRange(network, 12, 16), prefix - MAPPED_PREFIX);
		}
		return new AddressRange(network, prefix);
	}

	/** Whether the address is in the range; an IPv4-mapped address is matched as IPv4. */
	public boolean contains(InetAddress address) {
		return contains(Ipv4Mapped.unmappedBytes(address));
	}

	/** For bytes already unmapped by {@link Ipv4Mapped#unmappedBytes}, so a list unmaps once. */
	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int whole = this.prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		return rest == 0 || ((address[whole] ^ this.network[whole]) & mask(rest)) == 0;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AddressRange range && this.prefix == range.prefix
				&& Arrays.equals(this.network, range.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefix;
	}

	/** Canonical text: RFC 5952 or dotted quad, without the prefix for a single address; parses back equal. */
	@Override
	public String toString() {
		String address = IpLiteral.format(this.network);
		return (this.prefix == this.network.length * 8) ? address : address + "/" + this.prefix;
	}

	private static int prefixLength(String text, String prefixText, int bits) {
		String family = (bits == 32) ? "IPv4" : "IPv6";
		if (prefixText.isEmpty()) {
			throw bad(text, "no prefix length after '/'");
		}
		if (!DIGITS.matcher(prefixText).matches()) {
			throw bad(text, "prefix length '" + prefixText + "' is not a number");
		}
		if (!PREFIX.matcher(prefixText).matches()) {
			if (prefixText.charAt(0) == '0') {
				throw bad(text, "prefix length '" + prefixText + "' has a leading zero");
			}
			throw bad(text, "prefix length /" + prefixText + " is out of range for " + family + " (0 to " + bits + ")");
		}
		int prefix = Integer.parseInt(prefixText);
		if (prefix > bits) {
			throw bad(text, "prefix length /" + prefix + " is out of range for " + family + " (0 to " + bits + ")");
		}
		return prefix;
	}

	private static byte[] masked(byte[] address, int prefix) {
		byte[] network = new byte[address.length];
		for (int i = 0; i < address.length; i++) {
			int bits = Math.max(0, Math.min(8, prefix - 8 * i));
			network[i] = (byte) (address[i] & mask(bits));
		}
		return network;
	}

	/** The top {@code bits} bits of a byte. */
	private static int mask(int bits) {
		return (0xff << (8 - bits)) & 0xff;
	}

	private static IllegalArgumentException bad(String text, String why) {
		return new IllegalArgumentException("bad address range '" + text + "': " + why);
	}
}
