package io.portsplit.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.portsplit.tcp.TcpInfo;
import io.portsplit.threads.LoopSelector;

/**
 * One selector thread serving many relayed pairs. It owns a single direct scratch buffer
 * that every read of every pair goes through, so an idle or keeping-up connection costs
 * no buffer memory at all.
 */
final class RelayLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(RelayLoop.class);

	/** How often a side that is not watched is checked for a reset: rare enough to cost nothing, soon enough to free it. */
	private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

	/** How often idle limits are checked: a pair is closed at most this long after its limit. */
	private static final long IDLE_CHECK_INTERVAL_NANOS = 1_000_000_000L;

	private final LoopSelector loopSelector;

	private final Selector selector;

	/** Work queued for this loop's thread: then it must not block in its select. */
	private final BooleanSupplier workPending = () -> !this.closing.isEmpty() || !this.incoming.isEmpty();

	private final ByteBuffer scratch;

	private final Queue<RelayPair> incoming = new ConcurrentLinkedQueue<>();

	/**
	 * Pairs whose backend connect is under way, one queue per connect timeout (a service's
	 * own), oldest first: within a queue that is deadline order, so only each head needs a
	 * timer, and a pair costs one add and one poll, whatever the number of pairs.
	 */
	private final Map<Long, ArrayDeque<RelayPair>> connecting = new HashMap<>();

	/** Pairs with an idle limit, checked once a second while there are any. */
	private final List<RelayPair> idleLimited = new ArrayList<>();

	/** When those are checked next; 0 while there are none. */
	private long nextIdleCheckNanos;

	/** Pairs ended in this turn of the loop, their keys cancelled; see {@link RelayPair#close}. */
	private final List<RelayPair> closing = new ArrayList<>();

	/** Pairs with a side the selector does not watch (paused for backpressure, or ended), probed now and then. */
	private final Set<RelayPair> unwatched = TcpInfo.available() ? new HashSet<>() : null;

	/** When those are probed next; 0 while there are none. */
	private long nextProbeNanos;

	private volatile boolean running = true;

	RelayLoop(int scratchBytes) {
		this.loopSelector = new LoopSelector();
		this.selector = this.loopSelector.selector();
		this.scratch = ByteBuffer.allocateDirect(scratchBytes);
	}

	void add(RelayPair pair) {
		this.incoming.add(pair);
		this.loopSelector.wakeIfAsleep();
		if (!this.running) {
			// Lost the race with stop(): make sure nobody is left waiting on a dead loop.
			drainIncoming("portsplit is stopping");
		}
	}

	void stop() {
		this.running = false;
		this.selector.wakeup();
	}

	@Override
	public void run() {
		try {
			while (this.running) {
				long now = System.nanoTime();
				long wait = earliest(earliest(expireConnects(now), probeUnwatched(now)), closeIdle(now));
				this.loopSelector.select(this.workPending, wait);
				// Whatever the select, it has deregistered the keys cancelled before it.
				finishClosing();
				registerIncoming();
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					RelaySide side = (RelaySide) key.attachment();
					try {
						side.pair.onReady(side, key.readyOps(), this.scratch);
					}
					catch (CancelledKeyException ex) {
						side.pair.close("closed");
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("relay loop failed; closing its connections", ex);
		}
		finally {
			closeAll();
		}
	}

	private void registerIncoming() {
		RelayPair pair;
		while ((pair = this.incoming.poll()) != null) {
			if (pair.register(this.selector, this.closing, this.unwatched)) {
				this.connecting.computeIfAbsent(pair.connectTimeoutNanos(), timeout -> new ArrayDeque<>()).add(pair);
			}
			if (pair.idleLimited()) {
				this.idleLimited.add(pair);
			}
		}
	}

	/** The select just made has deregistered the cancelled keys: the sockets close directly now. */
	private void finishClosing() {
		for (RelayPair pair : this.closing) {
			pair.finishClose();
		}
		this.closing.clear();
	}

	/**
	 * Fails the connects whose deadline has passed and drops the ones that are settled.
	 * @return milliseconds until the next deadline (at least 1), or -1 if none is pending
	 */
	private long expireConnects(long now) {
		long wait = -1;
		for (ArrayDeque<RelayPair> queue : this.connecting.values()) {
			RelayPair head;
			while ((head = queue.peek()) != null) {
				if (head.awaitingConnect() && head.connectDeadlineNanos() - now > 0) {
					wait = earliest(wait, millisUntil(head.connectDeadlineNanos(), now));
					break;
				}
				queue.poll();
				head.connectTimedOut();
			}
		}
		return wait;
	}

	/**
	 * Closes the pairs idle past their limit, checking once a second while there are any: a
	 * timestamp per readiness event and one pass a second, no timer per connection.
	 * @return milliseconds until the next check, or -1 if there is nothing to check
	 */
	private long closeIdle(long now) {
		if (this.idleLimited.isEmpty()) {
			this.nextIdleCheckNanos = 0;
			return -1;
		}
		if (this.nextIdleCheckNanos == 0) {
			this.nextIdleCheckNanos = now + IDLE_CHECK_INTERVAL_NANOS;
		}
		else if (now - this.nextIdleCheckNanos >= 0) {
			this.idleLimited.removeIf(pair -> !pair.closeIfIdle(now));
			if (this.idleLimited.isEmpty()) {
				this.nextIdleCheckNanos = 0;
				return -1;
			}
			this.nextIdleCheckNanos = now + IDLE_CHECK_INTERVAL_NANOS;
		}
		return millisUntil(this.nextIdleCheckNanos, now);
	}

	/**
	 * Probes the sides not watched for resets, once a second while there are any.
	 * @return milliseconds until the next probe (at least 1), or -1 if there is nothing to probe
	 */
	private long probeUnwatched(long now) {
		if (this.unwatched == null || this.unwatched.isEmpty()) {
			this.nextProbeNanos = 0;
			return -1;
		}
		if (this.nextProbeNanos == 0) {
			// The first probe a full interval after the set filled: most pauses are over by then.
			this.nextProbeNanos = now + PROBE_INTERVAL_NANOS;
		}
		else if (now - this.nextProbeNanos >= 0) {
			this.unwatched.removeIf(pair -> !pair.probeUnwatched());
			this.nextProbeNanos = this.unwatched.isEmpty() ? 0 : now + PROBE_INTERVAL_NANOS;
			if (this.nextProbeNanos == 0) {
				return -1;
			}
		}
		return millisUntil(this.nextProbeNanos, now);
	}

	/** Rounded up, and at least 1: {@code select(0)} would mean no timeout at all. */
	private static long millisUntil(long deadlineNanos, long now) {
		return Math.max(1, (deadlineNanos - now + 999_999) / 1_000_000);
	}

	private static long earliest(long waitA, long waitB) {
		return (waitA < 0) ? waitB : (waitB < 0) ? waitA : Math.min(waitA, waitB);
	}

	private void closeAll() {
		List<RelayPair> pairs = new ArrayList<>();
		for (SelectionKey key : this.selector.keys()) {
			RelayPair pair = ((RelaySide) key.attachment()).pair;
			if (!pairs.contains(pair)) {
				pairs.add(pair);
			}
		}
		pairs.forEach(pair -> pair.close("portsplit is stopping"));
		finishClosing();
		drainIncoming("portsplit is stopping");
		try {
			this.selector.close();
		}
		catch (IOException ignored) {
			// exiting anyway
		}
	}

	private void drainIncoming(String reason) {
		RelayPair pair;
		while ((pair = this.incoming.poll()) != null) {
			pair.close(reason);
		}
	}
}
