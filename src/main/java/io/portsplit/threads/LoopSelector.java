package io.portsplit.threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The selector of a loop that other threads hand work to (the relay loops, the
 * first-bytes waiter), woken by them only while it sleeps. Each {@link Selector#wakeup()}
 * is an eventfd write, and reading it back one more system call and often one more turn of
 * the loop; a loop that is busy picks new work up on its next turn without one.
 */
public final class LoopSelector {

	private final Selector selector;

	/** False only while the loop is in (or about to enter) a blocking select. */
	private final AtomicBoolean awake = new AtomicBoolean(true);

	public LoopSelector() {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Selector selector() {
		return this.selector;
	}

	/** From any thread, after it has queued work for the loop. */
	public void wakeIfAsleep() {
		if (!this.awake.get() && this.awake.compareAndSet(false, true)) {
			this.selector.wakeup();
		}
	}

	/**
	 * One select, on the loop's thread: without blocking if {@code workPending} says work is
	 * queued, otherwise until a key is ready, a wake-up comes or {@code waitMillis} have
	 * passed (no limit if negative). {@code workPending} is asked after the flag is down, so
	 * work queued from then on wakes the select.
	 */
	public void select(BooleanSupplier workPending, long waitMillis) throws IOException {
		this.awake.set(false);
		if (workPending.getAsBoolean()) {
			this.selector.selectNow();
		}
		else if (waitMillis < 0) {
			this.selector.select();
		}
		else {
			this.selector.select(waitMillis);
		}
		this.awake.set(true);
	}
}
