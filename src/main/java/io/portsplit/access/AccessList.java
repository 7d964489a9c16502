package io.portsplit.access;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which sources may connect: {@code allow} and {@code deny} ranges.
 *
 * <p>A {@code deny} always wins, so a narrow deny carves a hole in a wide allow whatever order
 * they are written in. Where at least one {@code allow} is given, the allows are the whole list
 * of who may connect; with none, everybody not denied may. An empty list therefore permits
 * everyone, which is what a service without {@code allow} or {@code deny} means.
 *
 * <p>Ranges are tried one by one: lists are written by hand and short, and a scan of a few
 * ranges costs less than the accept it guards.
 */
public final class AccessList {

	private static final AccessList PERMIT_ALL = new AccessList(List.of(), List.of());

	private final List<AddressRange> allowed;

	private final List<AddressRange> denied;

	/** The ranges in the order they were written, which is also the order {@link #describe()} shows. */
	public AccessList(List<AddressRange> allow, List<AddressRange> deny) {
		this.allowed = List.copyOf(allow);
		this.denied = List.copyOf(deny);
	}

	/** The list without ranges. */
	public static AccessList permitAll() {
		return PERMIT_ALL;
	}

	/** Whether a connection from this source address may be served. */
	public boolean permits(InetAddress source) {
		byte[] address = Ipv4Mapped.unmappedBytes(source);
		for (AddressRange range : this.denied) {
			if (range.contains(address)) {
				return false;
			}
		}
		if (this.allowed.isEmpty()) {
			return true;
		}
		for (AddressRange range : this.allowed) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** True for the list that permits everyone because it has no ranges. */
	public boolean isEmpty() {
		return this.allowed.isEmpty() && this.denied.isEmpty();
	}

	public List<AddressRange> allowed() {
		return this.allowed;
	}

	public List<AddressRange> denied() {
		return this.denied;
	}

	/**
	 * For an operator: {@code allow 10.0.0.0/8, 192.0.2.0/24; deny 10.1.0.0/16}. Without allows
	 * it starts {@code allow all}, so the text never reads as if only the denied were allowed.
	 */
	public String describe() {
		String allow = this.allowed.isEmpty() ? "allow all" : "allow " + join(this.allowed);
		return this.denied.isEmpty() ? allow : allow + "; deny " + join(this.denied);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AccessList list && this.allowed.equals(list.allowed)
				&& this.denied.equals(list.denied);
	}

	@Override
	public int hashCode() {
		return 31 * this.allowed.hashCode() + this.denied.hashCode();
	}

	@Override
	public String toString() {
		return describe();
	}

	private static String join(List<AddressRange> ranges) {
		return ranges.stream().map(AddressRange::toString).collect(Collectors.joining(", "));
	}
}
