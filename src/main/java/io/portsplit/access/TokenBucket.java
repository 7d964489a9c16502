package io.portsplit.access;

/**
 * The arithmetic of {@code rate-per-source = N}: a bucket of N tokens, refilled continuously at
 * N tokens a second, one token per new connection. A source can open N connections at once and
 * then N a second; a source quiet for a second has its full burst again.
 *
 * <p>The state of a bucket is one {@code long}: the {@link System#nanoTime()} instant at which
 * it is full again (the theoretical arrival time of the generic cell rate algorithm, which is
 * this token bucket written as a time). A full bucket's state is any instant not after now; each
 * token taken moves it one interval later; a token is there while the state is no more than N - 1
 * intervals ahead of now. This keeps a tracked source to one long, with exact integer steps and
 * no floating point, and tells at once when the bucket is full, which is when a source's entry
 * can go. Instants are compared by difference, as {@code nanoTime} requires.
 *
 * <p>The interval is a whole number of nanoseconds, rounded up, so the rate is never above N a
 * second; where N does not divide a second it is below by less than a nanosecond per token.
 * Callers pass the time in, so tests drive it without sleeping.
 */
final class TokenBucket {

	static final long NANOS_PER_SECOND = 1_000_000_000L;

	/** One token a nanosecond is far beyond any accept rate and keeps the interval at least 1. */
	static final int MAX_PER_SECOND = 1_000_000_000;

	private final int perSecond;

	/** Nanoseconds to refill one token. */
	private final long interval;

	/** How far ahead of now the state may be while a token is left: N - 1 intervals. */
	private final long tolerance;

	TokenBucket(int perSecond) {
		if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
			throw new IllegalArgumentException("rate must be 1 to " + MAX_PER_SECOND + " a second, not " + perSecond);
		}
		this.perSecond = perSecond;
		this.interval = (NANOS_PER_SECOND + perSecond - 1) / perSecond;
		this.tolerance = (perSecond - 1) * this.interval;
	}

	int perSecond() {
		return this.perSecond;
	}

	/** The state of a bucket that is full at {@code now}. */
	long full(long now) {
		return now;
	}

	/** Whether a bucket in this state has a token at {@code now}. */
	boolean hasToken(long fullAt, long now) {
		return fullAt - now <= this.tolerance;
	}

	/** The state after taking a token at {@code now}; only where {@link #hasToken} said one was there. */
	long take(long fullAt, long now) {
		return ((fullAt - now > 0) ? fullAt : now) + this.interval;
	}

	/** Whether a bucket in this state holds all N tokens at {@code now}. */
	boolean isFull(long fullAt, long now) {
		return fullAt - now <= 0;
	}
}
