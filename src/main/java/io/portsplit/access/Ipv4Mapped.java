package io.portsplit.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}, RFC 4291 2.5.5.2) both ways. A
 * dual-stack socket can present an IPv4 client in this form, and it is the same client as
 * its IPv4 address: access lists, per-source limits and PROXY headers all treat it as IPv4.
 *
 * <p>The JDK already turns a mapped address into an {@link Inet4Address} when it parses text
 * or sixteen bytes; {@link Inet6Address#getByAddress(String, byte[], int)} does not, so the
 * bytes are checked here rather than the class.
 */
public final class Ipv4Mapped {

	private static final int MAPPED_MARKER_OFFSET = 10;

	private Ipv4Mapped() {
	}

	/** Four bytes for IPv4 and for IPv4-mapped IPv6, sixteen for any other IPv6 address. */
	public static byte[] unmappedBytes(InetAddress address) {
		byte[] bytes = address.getAddress();
		return isMapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
	}

	/** The same address as an {@link Inet4Address} if it is IPv4-mapped, otherwise itself. */
	public static InetAddress unmap(InetAddress address) {
		if (address instanceof Inet4Address || !isMapped(address.getAddress())) {
			return address;
		}
		return byAddress(unmappedBytes(address));
	}

	/** {@code ::ffff:a.b.c.d} for the four bytes of {@code a.b.c.d}. */
	public static byte[] map(byte[] ipv4) {
		if (ipv4.length != 4) {
			throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + ipv4.length);
		}
		byte[] mapped = new byte[16];
		mapped[MAPPED_MARKER_OFFSET] = (byte) 0xff;
		mapped[MAPPED_MARKER_OFFSET + 1] = (byte) 0xff;
		System.arraycopy(ipv4, 0, mapped, 12, 4);
		return mapped;
	}

	/** Whether sixteen bytes are {@code ::ffff:0:0/96}; any other length is not mapped. */
	static boolean isMapped(byte[] address) {
		if (address.length != 16) {
			return false;
		}
		for (int i = 0; i < MAPPED_MARKER_OFFSET; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return address[MAPPED_MARKER_OFFSET] == (byte) 0xff && address[MAPPED_MARKER_OFFSET + 1] == (byte) 0xff;
	}

	/** {@link InetAddress#getByAddress(byte[])} for bytes of a valid length, which it never refuses. */
	static InetAddress byAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, ex);
		}
	}
}
