package io.portsplit.access;

import java.net.InetAddress;

/**
 * One source, as per-source limits count it: one IPv4 address, or one IPv6 {@code /64}.
 *
 * <p>A /64 is the smallest block an IPv6 host is normally given (RFC 4291 makes unicast
 * interface ids 64 bits long, and SLAAC and privacy addresses pick them freely), so counting
 * single IPv6 addresses would let one host take 2^64 fresh identities. An IPv4-mapped address is its IPv4
 * address, so a dual-stack listener counts an IPv4 client once.
 *
 * <p>Held in two longs, laid out as an IPv6 address: IPv4 as its mapped form
 * {@code ::ffff:a.b.c.d}, IPv6 as the /64 with the low half zero. The low half is never zero
 * for IPv4 (it holds {@code ffff}), so the two kinds never collide. Keys are {@link Comparable}
 * so that a hash map of them degrades to a tree, not to a list, if sources are picked to
 * collide.
 */
public final class SourceKey implements Comparable<SourceKey> {

	private static final long MAPPED_MARKER = 0xffffL << 32;

	private final long high;

	private final long low;

	private SourceKey(long high, long low) {
		this.high = high;
		this.low = low;
	}

	/** The source this address belongs to. */
	public static SourceKey of(InetAddress address) {
		byte[] bytes = Ipv4Mapped.unmappedBytes(address);
		if (bytes.length == 4) {
			return new SourceKey(0, MAPPED_MARKER | (bits(bytes, 0, 4) & 0xffffffffL));
		}
		return new SourceKey(bits(bytes, 0, 8), 0);
	}

	public boolean isIpv4() {
		return this.high == 0 && (this.low & ~0xffffffffL) == MAPPED_MARKER;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SourceKey key && this.high == key.high && this.low == key.low;
	}

	@Override
	public int hashCode() {
		// A 64-bit finaliser (MurmurHash3's) so nearby addresses spread over the whole table.
		long h = this.high * 0x9e3779b97f4a7c15L ^ this.low;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return Long.hashCode(h);
	}

	@Override
	public int compareTo(SourceKey other) {
		int byHigh = Long.compareUnsigned(this.high, other.high);
		return (byHigh != 0) ? byHigh : Long.compareUnsigned(this.low, other.low);
	}

	/** {@code 192.0.2.7} or {@code 2001:db8:1:2::/64}. */
	@Override
	public String toString() {
		if (isIpv4()) {
			return IpLiteral.format(toBytes(this.low, 4));
		}
		byte[] address = new byte[16];
		System.arraycopy(toBytes(this.high, 8), 0, address, 0, 8);
		return IpLiteral.format(address) + "/64";
	}

	private static long bits(byte[] bytes, int from, int count) {
		long value = 0;
		for (int i = from; i < from + count; i++) {
			value = (value << 8) | (bytes[i] & 0xff);
		}
		return value;
	}

	/** The last {@code count} bytes of the value, most significant first. */
	private static byte[] toBytes(long value, int count) {
		byte[] bytes = new byte[count];
		for (int i = count - 1; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>>= 8;
		}
		return bytes;
	}
}
