package io.portsplit.match;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

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

	/** Made on first use, by a condition that needs it: a configuration without one never parses. */
	private ClientHelloParser clientHello;

	private int clientHelloFed;

	private HttpHeadParser httpHead;

	private int httpHeadFed;

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

	/**
	 * Drops the first {@code n} bytes (a PROXY header read before the first bytes proper).
	 * Only before any condition has looked: nothing has been settled or parsed of them.
	 */
	public void discardFirst(int n) {
		if (this.clientHello != null || this.httpHead != null) {
			throw new IllegalStateException("bytes already parsed");
		}
		System.arraycopy(this.data, n, this.data, 0, this.length - n);
		this.length -= n;
	}

	/** The client ended its sending side. */
	public void end() {
		this.ended = true;
	}

	/** Bytes the buffer holds now without growing. */
	public int free() {
		return this.data.length - this.length;
	}

	public int capacity() {
		return this.data.length;
	}

	/** The ClientHello parser, fed every byte received so far, each once. */
	ClientHelloParser clientHello() {
		if (this.clientHello == null) {
			this.clientHello = new ClientHelloParser();
		}
		if (this.clientHelloFed < this.length) {
			this.clientHello.feed(this.data, this.clientHelloFed, this.length);
			this.clientHelloFed = this.length;
		}
		if (this.ended) {
			this.clientHello.end();
		}
		return this.clientHello;
	}

	/** The HTTP request head parser, fed every byte received so far, each once. */
	HttpHeadParser httpHead() {
		if (this.httpHead == null) {
			this.httpHead = new HttpHeadParser();
		}
		if (this.httpHeadFed < this.length) {
			this.httpHead.feed(this.data, this.httpHeadFed, this.length);
			this.httpHeadFed = this.length;
		}
		if (this.ended) {
			this.httpHead.end();
		}
		return this.httpHead;
	}

	/** What the client asked for, as far as a condition has parsed it: for the log line of the decision. */
	public ClientHints hints() {
		String serverName = null;
		List<String> alpn = List.of();
		if (this.clientHello != null && this.clientHello.status() == ParseStatus.COMPLETE) {
			serverName = this.clientHello.result().serverName();
			alpn = this.clientHello.result().alpn();
		}
		String host = (this.httpHead != null && this.httpHead.status() == ParseStatus.COMPLETE)
				? this.httpHead.result().host() : null;
		return new ClientHints(serverName, alpn, host);
	}

	/** The bytes, exactly {@link #length()} of them, for the action; this object is done with then. */
	public byte[] toArray() {
		return (this.data.length == this.length) ? this.data : Arrays.copyOf(this.data, this.length);
	}
}
