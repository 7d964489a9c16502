package io.portsplit.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * In the daemon the switch started without a cache entry ({@code -Dportsplit.cache.train}),
 * trains one in the background once the daemon's own start is over, so that the training
 * never competes with it for the CPU: at the earliest {@link #EARLIEST} after the start,
 * as soon as the daemon has used less than {@link #QUIET_SHARE} of a core for
 * {@link #QUIET_WINDOW}, and at the latest after {@link #LATEST} (a daemon under load
 * from its first second). A daemon that stops sooner (a {@code --check}, a test) trains
 * nothing. The training's processes are killed when the daemon stops.
 */
public final class TrainingSchedule {

	/** A start on this two-core machine takes 5-10 s to its first reply when busy. */
	static final Duration EARLIEST = Duration.ofSeconds(10);

	static final Duration LATEST = Duration.ofSeconds(60);

	static final Duration QUIET_WINDOW = Duration.ofSeconds(2);

	static final double QUIET_SHARE = 0.2;

	private TrainingSchedule() {
	}

	/** Schedules the training if the switch asked for one; returns at once. */
	public static void startIfAsked() {
		String entry = System.getProperty(CacheUse.TRAIN_PROPERTY);
		String jar = System.getProperty(CacheUse.JAR_PROPERTY);
		if (entry == null || jar == null || !CacheSettings.enabled()) {
			return;
		}
		long start = System.nanoTime();
		Thread thread = new Thread(() -> run(Path.of(jar), Path.of(entry).getParent(), start), "start-cache-trainer");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	private static void run(Path jar, Path cacheDirectory, long start) {
		TrainingChild child = new TrainingChild();
		Thread stop = new Thread(child::stop, "start-cache-trainer-stop");
		try {
			awaitStartedUp(start);
			Runtime.getRuntime().addShutdownHook(stop);
		}
		catch (InterruptedException | IllegalStateException ex) {
			return; // stopping already
		}
		Log log = LogFactory.getLog(TrainingSchedule.class);
		try {
			new CacheTrainer(jar, cacheDirectory, ArchiveKind.current(), TrainingChild.nicePrefix(), child, log::info)
				.train();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.info("start-up cache: training failed (" + ex + "); starts stay uncached");
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(stop);
			}
			catch (IllegalStateException ex) {
				// stopping: the hook runs
			}
		}
	}

	private static void awaitStartedUp(long start) throws InterruptedException {
		OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
		if (!(system instanceof com.sun.management.OperatingSystemMXBean cpu)) {
			Thread.sleep(LATEST.toMillis());
			return;
		}
		long lastCpu = cpu.getProcessCpuTime();
		long lastAt = System.nanoTime();
		while (true) {
			Thread.sleep(QUIET_WINDOW.toMillis());
			long now = System.nanoTime();
			long used = cpu.getProcessCpuTime();
			boolean quiet = used - lastCpu < QUIET_SHARE * (now - lastAt);
			if (now - start >= LATEST.toNanos() || (now - start >= EARLIEST.toNanos() && quiet)) {
				return;
			}
			lastCpu = used;
			lastAt = now;
		}
	}
}
