package io.portsplit.support;

import java.time.Duration;

/**
 * Every bound on a wait in the suites, in one place. None of them is what a test measures:
 * each is how long a test gives something that should happen before it calls it a hang.
 * They are generous because the machine is shared and a Spring Boot JVM is slow to start
 * on two busy cores; a passing test waits only as long as the thing takes.
 */
public final class Waits {

	/** The packaged jar, from {@code java -jar} to its pid file (every bind listens) or to its exit. */
	public static final Duration START = Duration.ofSeconds(120);

	/** From a signal or a reload request to the log line that answers it, or to the exit it causes. */
	public static final Duration SIGNAL = Duration.ofSeconds(30);

	/**
	 * Anything else that should follow promptly: bytes or an end of stream (each read of a
	 * {@link Clients} or {@link TestBackend} socket), a log line, a count, a process gone.
	 */
	public static final Duration EFFECT = Duration.ofSeconds(30);

	/** Bulk work: megabytes through a relay, or every client of an abuse scenario. */
	public static final Duration BULK = Duration.ofSeconds(300);

	/** How often a wait looks again. */
	public static final Duration POLL = Duration.ofMillis(50);

	/**
	 * {@code portsplit.threads.idle-timeout} for a portsplit whose threads a test counts: an idle
	 * task thread ends this soon, so the count is back to idle within {@link #SETTLE}.
	 */
	public static final Duration IDLE_THREADS = Duration.ofSeconds(1);

	/** From the end of abuse to the idle holdings: sockets closed, programs reaped, idle threads gone. */
	public static final Duration SETTLE = Duration.ofSeconds(30);

	/** {@code portsplit.exec.hangup-grace} where a test waits it out: set, not left to the default. */
	public static final Duration HANGUP_GRACE = Duration.ofSeconds(2);

	/** Bound of one test, in seconds (an annotation takes a constant): above any wait in it, so a hang names its wait. */
	public static final long TEST_SECONDS = 300;

	/** Bound of one abuse scenario, in seconds: hundreds to thousands of clients, each with its own waits. */
	public static final long ABUSE_TEST_SECONDS = 600;

	private Waits() {
	}
}
