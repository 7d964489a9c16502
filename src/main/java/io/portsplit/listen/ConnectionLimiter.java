package io.portsplit.listen;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts client connections over all binds against {@code maxconn} (SPEC 3.1). */
public final class ConnectionLimiter {

	private final AtomicInteger open = new AtomicInteger();

	private volatile int limit;

	public ConnectionLimiter(int limit) {
		this.limit = limit;
	}

	/** A reload may change it; connections already open are kept even above a lower limit. */
	public void setLimit(int limit) {
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

	public int open() {
		return this.open.get();
	}

	public boolean tryAcquire() {
		while (true) {
			int current = this.open.get();
			if (current >= this.limit) {
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	public void release() {
		this.open.decrementAndGet();
	}
}
