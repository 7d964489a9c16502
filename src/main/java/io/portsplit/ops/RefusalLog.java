package io.portsplit.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.scheduling.TaskScheduler;

import io.portsplit.access.Admission;

/**
 * One log line per refused connection, until a flood: then, per reason, the first few
 * lines of each second are written and the rest are counted, and one line a second later
 * says how many more there were. A flood of refusals costs a counter increment each, not a
 * log line each, so logging never becomes the flood.
 */
final class RefusalLog {

	/** Lines written in full per reason and second; past them, refusals are counted. */
	static final int LINES_PER_SECOND = 5;

	private static final long WINDOW_NANOS = 1_000_000_000L;

	private final Logger logger;

	private final TaskScheduler scheduler;

	private final LongSupplier nanoTime;

	private final Map<Admission.Refusal, Window> windows = new EnumMap<>(Admission.Refusal.class);

	RefusalLog(Logger logger, TaskScheduler scheduler, LongSupplier nanoTime) {
		this.logger = logger;
		this.scheduler = scheduler;
		this.nanoTime = nanoTime;
		for (Admission.Refusal refusal : Admission.Refusal.values()) {
			this.windows.put(refusal, new Window());
		}
	}

	/** Whether a line for this refusal is to be written now; if not, it is counted for the summary. */
	boolean admit(Admission.Refusal refusal) {
		Window window = this.windows.get(refusal);
		long now = this.nanoTime.getAsLong();
		boolean scheduleSummary;
		synchronized (window) {
			if (now - window.start >= WINDOW_NANOS) {
				window.start = now;
				window.written = 0;
			}
			if (window.written < LINES_PER_SECOND) {
				window.written++;
				return true;
			}
			scheduleSummary = window.suppressed++ == 0;
		}
		if (scheduleSummary) {
			this.scheduler.schedule(() -> summarise(refusal), Instant.now().plus(Duration.ofNanos(WINDOW_NANOS)));
		}
		return false;
	}

	/** Writes how many refusals for {@code refusal} went without a line of their own, if any. */
	void summarise(Admission.Refusal refusal) {
		Window window = this.windows.get(refusal);
		long suppressed;
		synchronized (window) {
			suppressed = window.suppressed;
			window.suppressed = 0;
		}
		if (suppressed > 0) {
			LoggingEventBuilder event = this.logger.atWarn()
				.addKeyValue(ConnectionLog.KEY + "reason", refusal.tag())
				.addKeyValue(ConnectionLog.KEY + "suppressed", suppressed);
			event.log("{} more connections rejected ({}) without a line each", suppressed, refusal.text());
		}
	}

	/** One reason's second: lines written in it, and refusals counted without one since the last summary. */
	private static final class Window {

		long start = Long.MIN_VALUE / 2;

		int written;

		long suppressed;
	}
}
