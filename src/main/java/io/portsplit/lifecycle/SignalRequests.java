package io.portsplit.lifecycle;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What SIGTERM, SIGINT and SIGHUP ask of the daemon, from before Spring starts until the
 * process exits.
 * <p>
 * The handlers are installed before start-up, not after it: the pid file, the operator's
 * sign that portsplit is up, is written during start-up, and a signal that came between
 * it and the handlers would get the JVM's default action instead (SIGHUP ended the
 * process with status 129, SIGTERM with 143). A stop asked for during start-up is carried
 * out as soon as start-up is over; a reload asked for then is done once started, since the
 * file may have changed after it was read.
 */
public final class SignalRequests {

	/** Not a static field: that would start the logging system before the binds open (0.3-0.5 s). */
	private static Log logger() {
		return LogFactory.getLog(SignalRequests.class);
	}

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	private final AtomicBoolean stopping = new AtomicBoolean();

	/** Null until started. Guarded by {@code this}. */
	private Reloader reloader;

	/** A SIGHUP came during start-up. Guarded by {@code this}. */
	private boolean reloadPending;

	/** Signals that could not be handled, said once started. Guarded by {@code this}. */
	private List<String> installWarnings = List.of();

	public void install() {
		List<String> warnings = SignalHandling.install(this::requestStop, this::requestReload);
		synchronized (this) {
			this.installWarnings = warnings;
		}
	}

	void requestStop() {
		if (this.stopping.compareAndSet(false, true)) {
			logger().info("stopping");
			this.stopRequested.countDown();
		}
		else {
			logger().info("already stopping");
		}
	}

	void requestReload() {
		Reloader target;
		synchronized (this) {
			if (this.stopping.get()) {
				logger().info("SIGHUP ignored: stopping");
				return;
			}
			if (this.reloader == null) {
				logger().info("SIGHUP during start-up: reloading once started");
				this.reloadPending = true;
				return;
			}
			target = this.reloader;
		}
		target.reloadFromSignal();
	}

	/** Start-up is over: reloads from now on go to {@code reloader}, and one asked for meanwhile is done now. */
	public void started(Reloader reloader) {
		boolean pending;
		List<String> warnings;
		synchronized (this) {
			this.reloader = reloader;
			pending = this.reloadPending;
			this.reloadPending = false;
			warnings = this.installWarnings;
			this.installWarnings = List.of();
		}
		warnings.forEach(logger()::warn);
		if (pending && !this.stopping.get()) {
			reloader.reloadFromSignal();
		}
	}

	/** A stop that does not come from a signal (the context closed by other means). */
	public void stopped() {
		this.stopRequested.countDown();
	}

	public void awaitStop() throws InterruptedException {
		this.stopRequested.await();
	}
}
