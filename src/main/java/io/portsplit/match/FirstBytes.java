package io.portsplit.match;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A client's first bytes as they arrive, and what the matcher has settled about them: one
 * per undecided connection, made by {@link ServiceMatcher#firstBytes()}.
 * <p>
 * The buffer starts small and grows as bytes come, up to what the configured conditions
 * can use ({@link #wanted()}), so a client that sends a few bytes costs a few bytes,
 * whatever the largest condition. Conditions only read it.
 */
public final class FirstBytes {

	/** Enough for most first reads of a protocol that is decided on a handful of bytes. */
	private static final int INITIAL_CAPACITY = 256;

	private final int limit;

	private byte[] data;

	private int length;

	private boolean ended;

	/** Per condition of the matcher: 0 while it may change, else the settled verdict's ordinal + 1. */
	final byte[] settledConditions;

	/** The same, per service. */
	final byte[] settledServices;

	FirstBytes(int limit, int conditions, int services) {
		this.limit = limit;
		this.data = new byte[Math.min(limit, INITIAL_CAPACITY)];
		this.settledConditions = new byte[conditions];
		this.settledServices = new byte[services];
	}

	/** The bytes received, valid up to {@link #length()}; not to be modified. */
	public byte[] data() {
		return this.data;
	}

	public int length() {
		return this.length;
	}

	/** Whether the client has ended its sending side: no more bytes can come. */
	public boolean ended() {
		return this.ended;
	}

	/** How many more bytes can still change a verdict: 0 once every condition has what it can use. */
	public int wanted() {
		return Math.max(0, this.limit - this.length);
	}

	/**
	 * Room for {@code n} more bytes, as a buffer over the free part of the array; the bytes
	 * put there count once {@link #added(int)} says how many there are.
	 */
	public ByteBuffer room(int n) {
		int needed = this.length + n;
		if (needed > this.data.length) {
			int grown = Math.max(needed, Math.min(this.limit, this.data.length * 2));
			this.data = Arrays.copyOf(this.data, grown);
		}
		return ByteBuffer.wrap(this.data, this.length, n);
	}

	public void added(int n) {
		this.length += n;
	}

	/** The client ended its sending side. */
	public void end() {
		this.ended = true;
	}

	/** The bytes, exactly {@link #length()} of them, for the action; this object is done with then. */
	public byte[] toArray() {
		return (this.data.length == this.length) ? this.data : Arrays.copyOf(this.data, this.length);
	}
}
