package io.portsplit.abuse;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.Waits;

/**
 * What the daemon held when idle, and the check that it comes back to that after abuse.
 * Idle task threads leave after {@link Waits#IDLE_THREADS} (the daemons of these suites are
 * started so), and the wait for the return is bounded by {@link Waits#SETTLE}; the tolerances
 * absorb the JVM's own housekeeping threads and descriptors, not a leak that grows with the
 * number of connections.
 */
record Baseline(ProcessMeter.Holding holding, long heapKiB) {

	static final int FD_TOLERANCE = 8;

	static final int THREAD_TOLERANCE = 6;

	/** Heap after GC may grow by this much (class loading, JIT caches, metric meters), never per connection. */
	static final long HEAP_TOLERANCE_KIB = 16 * 1024;

	static Baseline of(PortsplitProcess daemon) {
		long heap = new HeapProbe(daemon.pid()).usedAfterGcKiB();
		return new Baseline(new ProcessMeter(daemon.pid()).holding(), heap);
	}

	/** Waits until fds, threads and children are back within tolerance; returns the reading that passed. */
	ProcessMeter.Holding awaitReturn(PortsplitProcess daemon) {
		ProcessMeter meter = new ProcessMeter(daemon.pid());
		ProcessMeter.Holding[] last = new ProcessMeter.Holding[1];
		try {
			Awaitility.await().atMost(Waits.SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
				daemon.assertAlive();
				last[0] = meter.holding();
				return last[0].fds() <= this.holding.fds() + FD_TOLERANCE
						&& last[0].threads() <= this.holding.threads() + THREAD_TOLERANCE
						&& last[0].children() <= this.holding.children();
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("not back to baseline within " + Waits.SETTLE + ": idle " + this.holding + ", now "
					+ last[0] + "; descriptors by kind now: " + meter.fdKinds(), ex);
		}
		return last[0];
	}

	/** Heap after GC, which must be back near the idle one; returns it in KiB. */
	long assertHeapReturned(PortsplitProcess daemon) {
		long after = new HeapProbe(daemon.pid()).usedAfterGcKiB();
		if (after > this.heapKiB + HEAP_TOLERANCE_KIB) {
			throw new AssertionError("heap after GC " + after + " KiB, idle " + this.heapKiB + " KiB");
		}
		return after;
	}
}
