package io.portsplit.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wake-only-when-asleep select that the relay loops and the first-bytes waiter run.
 * <p>
 * Every select runs on a thread of the test's own (the loop's thread), and the test waits
 * for it with a bounded {@link Future#get}: a select that never returns fails the test
 * instead of hanging the build. A pipe registered for reading gives each select a key it
 * can report, so a select ended by a key is told from one ended by a wake-up or a timeout.
 * <p>
 * Each test fails against a {@link LoopSelector} broken the way it names (checked by
 * breaking the code locally and restoring it): {@code wakeIfAsleep} that never wakes (both
 * wake tests time out); {@code select} that blocks whatever {@code workPending} says
 * ({@link #workAlreadyQueuedMakesTheSelectReturnWithoutBlocking} times out);
 * {@code wakeIfAsleep} that calls {@code wakeup()} whether or not the loop sleeps
 * ({@link #aWakeWhileTheLoopIsAwakeDoesNotCutTheNextSelectShort}: its first select returns
 * at once); {@code select(waitMillis)} that blocks without a limit
 * ({@link #aSelectWithALimitReturnsWhenItPasses} times out).
 */
class LoopSelectorTest {

	/** How long any one select may take before the test calls it stuck. */
	private static final long STUCK_SECONDS = 10;

	private static final BooleanSupplier NO_WORK = () -> false;

	/** Where the JDK's selectors block, by platform. */
	private static final Set<String> NATIVE_WAITS = Set.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.KQueue.poll",
			"sun.nio.ch.WEPoll.wait", "sun.nio.ch.PollSelectorImpl.poll");

	private LoopSelector loopSelector;

	private Pipe pipe;

	private SelectionKey pipeKey;

	/** The loop's thread. */
	private ExecutorService loop;

	private volatile Thread loopThread;

	@BeforeEach
	void open() throws IOException {
		this.loopSelector = new LoopSelector();
		this.pipe = Pipe.open();
		this.pipe.source().configureBlocking(false);
		this.pipeKey = this.pipe.source().register(this.loopSelector.selector(), SelectionKey.OP_READ);
		this.loop = Executors.newSingleThreadExecutor(runnable -> {
			this.loopThread = new Thread(runnable, "loop-selector-test");
			return this.loopThread;
		});
	}

	@AfterEach
	void close() throws Exception {
		// Closing the selector ends a select still blocked, so the loop's thread can stop.
		this.loopSelector.selector().close();
		this.loop.shutdownNow();
		assertThat(this.loop.awaitTermination(STUCK_SECONDS, TimeUnit.SECONDS)).isTrue();
		this.pipe.sink().close();
		this.pipe.source().close();
	}

	/**
	 * The wake comes once the loop has put its flag down, as another thread's would after it
	 * queued work: {@code workPending} is asked just after that, so a latch counted down
	 * there is the earliest moment a wake must not be lost. Whether the select has reached
	 * the kernel by then or not, it returns, and with no key ready.
	 */
	@Test
	void aSelectWithNoWorkIsEndedByAWakeFromAnotherThread() throws Exception {
		CountDownLatch asleep = new CountDownLatch(1);
		Future<Integer> select = onLoop(() -> {
			asleep.countDown();
			return false;
		}, -1);
		assertThat(asleep.await(STUCK_SECONDS, TimeUnit.SECONDS)).isTrue();

		this.loopSelector.wakeIfAsleep();

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isZero();
	}

	/**
	 * The same with the select surely in the kernel: the wake comes once the loop's thread
	 * is seen in the selector's native wait (epoll on Linux, kqueue on BSD and macOS).
	 */
	@Test
	void aSelectBlockedInTheKernelIsEndedByAWakeFromAnotherThread() throws Exception {
		Future<Integer> select = onLoop(NO_WORK, -1);
		await().atMost(Duration.ofSeconds(STUCK_SECONDS)).until(() -> inNativeWait(this.loopThread));

		this.loopSelector.wakeIfAsleep();

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isZero();
	}

	/** Work queued before the select: no key is ready and no limit is given, yet it returns. */
	@Test
	void workAlreadyQueuedMakesTheSelectReturnWithoutBlocking() throws Exception {
		Future<Integer> select = onLoop(() -> true, -1);

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isZero();
	}

	/**
	 * A wake while the loop is awake is not held over to the next select. The JDK keeps a
	 * {@code wakeup()} made while no select runs and ends the next select with it at once;
	 * that difference only shows in when the select returns, so this is the one test that
	 * looks at a clock: a select with a limit and no key ready must wait out (at least half
	 * of) its limit, where a held-over wake-up ends it within microseconds. It cannot fail
	 * on a slow machine, only on one that ends the select early.
	 * <p>
	 * Then a select without a limit, after another wake while awake, returns for the pipe
	 * the test writes to and reports that key. A weaker sign on its own (a held-over wake-up
	 * and the write can land in the same select), it shows that a wake while awake leaves the
	 * selector usable.
	 */
	@Test
	void aWakeWhileTheLoopIsAwakeDoesNotCutTheNextSelectShort() throws Exception {
		long limitMillis = 300;
		this.loopSelector.wakeIfAsleep();

		long started = System.nanoTime();
		int ready = onLoop(NO_WORK, limitMillis).get(STUCK_SECONDS, TimeUnit.SECONDS);
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		assertThat(ready).as("keys ready").isZero();
		assertThat(tookMillis).as("milliseconds the select waited").isGreaterThanOrEqualTo(limitMillis / 2);

		this.loopSelector.wakeIfAsleep();
		CountDownLatch asleep = new CountDownLatch(1);
		Future<Integer> select = onLoop(() -> {
			asleep.countDown();
			return false;
		}, -1);
		assertThat(asleep.await(STUCK_SECONDS, TimeUnit.SECONDS)).isTrue();
		this.pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isOne();
		assertThat(this.loopSelector.selector().selectedKeys()).containsExactly(this.pipeKey);
	}

	/** With no work, no key and no wake, a select with a limit returns once the limit has passed. */
	@Test
	void aSelectWithALimitReturnsWhenItPasses() throws Exception {
		Future<Integer> select = onLoop(NO_WORK, 50);

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isZero();
	}

	/** A key that becomes ready ends a select without a limit, as in any selector. */
	@Test
	void aReadyKeyEndsASelectWithoutALimit() throws Exception {
		this.pipe.sink().write(ByteBuffer.wrap(new byte[] { 1 }));

		Future<Integer> select = onLoop(NO_WORK, -1);

		assertThat(select.get(STUCK_SECONDS, TimeUnit.SECONDS)).as("keys ready").isOne();
	}

	private static boolean inNativeWait(Thread thread) {
		if (thread == null) {
			return false;
		}
		for (StackTraceElement frame : thread.getStackTrace()) {
			if (frame.isNativeMethod() && NATIVE_WAITS.contains(frame.getClassName() + "." + frame.getMethodName())) {
				return true;
			}
		}
		return false;
	}

	/** One select on the loop's thread; the number of keys it found ready. */
	private Future<Integer> onLoop(BooleanSupplier workPending, long waitMillis) {
		return this.loop.submit(() -> {
			this.loopSelector.selector().selectedKeys().clear();
			this.loopSelector.select(workPending, waitMillis);
			return this.loopSelector.selector().selectedKeys().size();
		});
	}
}
