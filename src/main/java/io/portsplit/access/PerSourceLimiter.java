package io.portsplit.access;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-source limits of a listener: {@code maxconn-per-source} (most connections one source
 * has open at once) and {@code rate-per-source} (most new connections a second from one source,
 * in bursts of as many, see {@link TokenBucket}). Either is off at 0. A source is a
 * {@link SourceKey}.
 *
 * <p>Called from every accepting thread, so one lock guards the state; every call does a few
 * hash-map operations under it, far less than the accept it follows.
 *
 * <h2>Bounded memory</h2>
 * A source has an entry while it has connections open or its bucket is not yet full again; an
 * idle entry goes away: at once when its last connection closes on a full bucket, otherwise on
 * a later call (each call removes up to two idle entries, least recently used first, so the
 * table shrinks as fast as it grew once sources go quiet) or on {@link #reclaimIdle()}.
 *
 * <p>No more than {@code maxSources} entries are kept. When a new source arrives at the cap,
 * the least recently used entry without open connections goes, whether idle or not. Such an
 * entry only holds a bucket less than a second from full (a bucket refills entirely in a
 * second), so dropping it gives that source at most one more burst: an attacker cycling
 * through more addresses than the cap within a second gains nothing it does not already get
 * from having that many addresses. The alternatives are worse: refusing new sources at the cap
 * would let the same attacker lock every new client out, and admitting them untracked would
 * lift the limits for exactly the sources arriving during the flood.
 *
 * <p>An entry with open connections never goes, or a source could have its count erased and
 * exceed {@code maxconn-per-source}; those entries are bounded by the connections open, hence
 * by the global {@code maxconn}. Only if all {@code maxSources} entries have open connections
 * is a new source refused ({@link SourceVerdict#TOO_MANY_SOURCES}); keeping {@code maxSources} at
 * least {@code maxconn} rules that out.
 *
 * <p>The limits are fixed for the life of the object. A reload that changes them builds a new
 * one, and each connection is closed on the limiter that admitted it.
 */
public final class PerSourceLimiter {

	/**
	 * 65,536 sources: about 110 bytes each (key, entry, hash-map node and slot), so about 7 MB
	 * at the cap, a small fixed share of the heap. A bucket only matters for the second it takes
	 * to refill, so the cap keeps every rate exact unless more than 65,536 distinct sources
	 * connect within one second; and it is 64 times the default {@code maxconn} of 1,024, so
	 * entries with open connections cannot fill it unless {@code maxconn} is raised that far.
	 */
	public static final int DEFAULT_MAX_SOURCES = 65_536;

	/** Each call adds at most one entry, so removing up to two idle ones lets the table shrink. */
	private static final int RECLAIM_PER_CALL = 2;

	/** What {@link #admit} decided for a new connection. */
	public enum SourceVerdict {

		/**
		 * Within both limits. The connection is counted, so {@link #close} follows when it ends
		 * (which changes nothing where {@code maxconn-per-source} is off).
		 */
		ADMITTED,

		/** The source has {@code maxconn-per-source} connections open. */
		TOO_MANY_OPEN,

		/** The source has used its {@code rate-per-source} tokens. */
		TOO_FAST,

		/** Every tracked source has open connections and no more can be tracked. */
		TOO_MANY_SOURCES
	}

	private final int maxOpen;

	/** Null when {@code rate-per-source} is off. */
	private final TokenBucket bucket;

	private final int maxSources;

	private final LongSupplier nanoTime;

	private final Object lock = new Object();

	private final Map<SourceKey, Entry> entries = new HashMap<>();

	/** The entries without open connections, least recently used first: the only ones that may go. */
	private Entry oldest;

	private Entry newest;

	/** With {@link #DEFAULT_MAX_SOURCES} and {@link System#nanoTime()}. */
	public PerSourceLimiter(int maxOpenPerSource, int ratePerSource) {
		this(maxOpenPerSource, ratePerSource, DEFAULT_MAX_SOURCES, System::nanoTime);
	}

	/**
	 * @param maxOpenPerSource most connections open at once per source, 0 for no limit
	 * @param ratePerSource most new connections a second per source, 0 for no limit
	 * @param maxSources most sources tracked at once, at least 1
	 * @param nanoTime the clock, {@link System#nanoTime()} but in tests
	 */
	public PerSourceLimiter(int maxOpenPerSource, int ratePerSource, int maxSources, LongSupplier nanoTime) {
		if (maxOpenPerSource < 0) {
			throw new IllegalArgumentException("maxconn-per-source must be 0 (off) or more, not " + maxOpenPerSource);
		}
		if (ratePerSource < 0) {
			throw new IllegalArgumentException("rate-per-source must be 0 (off) or more, not " + ratePerSource);
		}
		if (maxSources < 1) {
			throw new IllegalArgumentException("at least one source must be tracked, not " + maxSources);
		}
		this.maxOpen = maxOpenPerSource;
		this.bucket = (ratePerSource == 0) ? null : new TokenBucket(ratePerSource);
		this.maxSources = maxSources;
		this.nanoTime = nanoTime;
	}

	/**
	 * Both limits for a new connection from {@code key}. Open connections are checked first, so
	 * a connection refused for them does not use a token.
	 */
	public SourceVerdict admit(SourceKey key) {
		return decide(key, this.maxOpen > 0, this.bucket != null);
	}

	/** {@code maxconn-per-source} alone: counts the connection if the source is under it. */
	public boolean tryOpen(SourceKey key) {
		return decide(key, this.maxOpen > 0, false) == SourceVerdict.ADMITTED;
	}

	/** {@code rate-per-source} alone: takes a token if the source has one. */
	public boolean tryRate(SourceKey key) {
		return decide(key, false, this.bucket != null) == SourceVerdict.ADMITTED;
	}

	/**
	 * A connection counted by {@link #admit} or {@link #tryOpen} has ended. Without such a
	 * connection open it changes nothing, so a stray close cannot take a count below zero.
	 */
	public void close(SourceKey key) {
		if (this.maxOpen == 0) {
			return;
		}
		synchronized (this.lock) {
			Entry entry = this.entries.get(key);
			if (entry == null || entry.open == 0) {
				return;
			}
			entry.open--;
			if (entry.open == 0) {
				if (isIdle(entry, this.nanoTime.getAsLong())) {
					this.entries.remove(key);
				}
				else {
					linkNewest(entry);
				}
			}
		}
	}

	/** Sources tracked now, including idle ones not yet reclaimed. */
	public int size() {
		synchronized (this.lock) {
			return this.entries.size();
		}
	}

	/**
	 * Removes every idle entry now rather than a few per call; for housekeeping on a timer, or
	 * before reading {@link #size()} as a metric. Returns how many went.
	 */
	public int reclaimIdle() {
		synchronized (this.lock) {
			long now = this.nanoTime.getAsLong();
			int removed = 0;
			Entry entry = this.oldest;
			while (entry != null) {
				Entry next = entry.newer;
				if (isIdle(entry, now)) {
					remove(entry);
					removed++;
				}
				entry = next;
			}
			return removed;
		}
	}

	/** Connections counted as open for the source, for tests. */
	int openConnections(SourceKey key) {
		synchronized (this.lock) {
			Entry entry = this.entries.get(key);
			return (entry == null) ? 0 : entry.open;
		}
	}

	private SourceVerdict decide(SourceKey key, boolean countOpen, boolean takeToken) {
		if (!countOpen && !takeToken) {
			return SourceVerdict.ADMITTED;
		}
		synchronized (this.lock) {
			long now = this.nanoTime.getAsLong();
			reclaimOldest(now);
			Entry entry = this.entries.get(key);
			if (entry == null) {
				if (this.entries.size() >= this.maxSources) {
					if (this.oldest == null) {
						return SourceVerdict.TOO_MANY_SOURCES;
					}
					remove(this.oldest);
				}
				entry = new Entry(key, (this.bucket == null) ? 0 : this.bucket.full(now));
				this.entries.put(key, entry);
				linkNewest(entry);
			}
			if (countOpen && entry.open >= this.maxOpen) {
				return SourceVerdict.TOO_MANY_OPEN;
			}
			if (takeToken) {
				if (!this.bucket.hasToken(entry.fullAt, now)) {
					touch(entry);
					return SourceVerdict.TOO_FAST;
				}
				entry.fullAt = this.bucket.take(entry.fullAt, now);
			}
			if (countOpen) {
				if (entry.open == 0) {
					unlink(entry);
				}
				entry.open++;
			}
			else {
				touch(entry);
			}
			return SourceVerdict.ADMITTED;
		}
	}

	private boolean isIdle(Entry entry, long now) {
		return entry.open == 0 && (this.bucket == null || this.bucket.isFull(entry.fullAt, now));
	}

	private void reclaimOldest(long now) {
		for (int i = 0; i < RECLAIM_PER_CALL && this.oldest != null && isIdle(this.oldest, now); i++) {
			remove(this.oldest);
		}
	}

	/** Only for an entry without open connections, which is the only kind on the list. */
	private void remove(Entry entry) {
		unlink(entry);
		this.entries.remove(entry.key);
	}

	/** Marks an entry without open connections as just used; entries with open ones are not listed. */
	private void touch(Entry entry) {
		if (entry.open == 0) {
			unlink(entry);
			linkNewest(entry);
		}
	}

	private void linkNewest(Entry entry) {
		entry.older = this.newest;
		entry.newer = null;
		if (this.newest == null) {
			this.oldest = entry;
		}
		else {
			this.newest.newer = entry;
		}
		this.newest = entry;
	}

	private void unlink(Entry entry) {
		if (entry.older == null) {
			this.oldest = entry.newer;
		}
		else {
			entry.older.newer = entry.newer;
		}
		if (entry.newer == null) {
			this.newest = entry.older;
		}
		else {
			entry.newer.older = entry.older;
		}
		entry.older = null;
		entry.newer = null;
	}

	/** One source's state; on the list of {@link #oldest} exactly while {@code open} is 0. */
	private static final class Entry {

		private final SourceKey key;

		private int open;

		/** The bucket's state (see {@link TokenBucket}); unused when the rate is off. */
		private long fullAt;

		private Entry older;

		private Entry newer;

		private Entry(SourceKey key, long fullAt) {
			this.key = key;
			this.fullAt = fullAt;
		}
	}
}
