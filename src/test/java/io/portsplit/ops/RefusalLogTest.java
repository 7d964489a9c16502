package io.portsplit.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import io.portsplit.access.Admission;
import io.portsplit.support.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals are one line each until a flood; then a few lines a second per reason, and a count. */
class RefusalLogTest {

	private static final String LOGGER = "portsplit.refusals-test";

	private final AtomicLong now = new AtomicLong();

	private final List<Runnable> scheduled = new ArrayList<>();

	/** Runs nothing by itself: the test runs what was scheduled when it likes. */
	private final ConcurrentTaskScheduler scheduler = new ConcurrentTaskScheduler() {

		@Override
		public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
			RefusalLogTest.this.scheduled.add(task);
			return null;
		}
	};

	private final RefusalLog log = new RefusalLog(LoggerFactory.getLogger(LOGGER), this.scheduler, this.now::get);

	@Test
	void aFewLinesASecondPerReasonThenOneLineWithTheCount() {
		try (LogCapture capture = LogCapture.of(LOGGER, Level.WARN)) {
			int written = 0;
			for (int i = 0; i < 1000; i++) {
				written += this.log.admit(Admission.Refusal.RATE) ? 1 : 0;
			}
			assertThat(written).isEqualTo(RefusalLog.LINES_PER_SECOND);
			assertThat(this.log.admit(Admission.Refusal.ACL)).as("another reason has lines of its own").isTrue();
			assertThat(this.scheduled).as("one summary, scheduled once").hasSize(1);
			this.scheduled.remove(0).run();
			assertThat(capture.messages()).containsExactly(
					(1000 - RefusalLog.LINES_PER_SECOND) + " more connections rejected (rate-per-source exceeded)"
							+ " without a line each");
		}
	}

	@Test
	void theNextSecondHasItsLinesAgain() {
		for (int i = 0; i < 50; i++) {
			this.log.admit(Admission.Refusal.SOURCE_LIMIT);
		}
		this.now.addAndGet(1_000_000_000L);
		assertThat(this.log.admit(Admission.Refusal.SOURCE_LIMIT)).isTrue();
	}

	@Test
	void noSummaryWithoutRefusalsItHadToCount() {
		try (LogCapture capture = LogCapture.of(LOGGER, Level.WARN)) {
			this.log.admit(Admission.Refusal.MAXCONN);
			this.log.summarise(Admission.Refusal.MAXCONN);
			assertThat(capture.messages()).isEmpty();
			assertThat(this.scheduled).isEmpty();
		}
	}
}
