package io.portsplit.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Keeps the daemon's status and systemd in step with what Spring says. Serving once the core
 * context has started (every bind served: a client connecting now is routed now); systemd's
 * READY=1 once the management context has started too, so that a start which still fails (its
 * management port taken) is a failed start to systemd, never a ready service that exits.
 * Stopping as soon as the application begins to close, before the binds do. Reloads are told
 * by the {@link Reloader} itself.
 */
final class ServiceManagerNotifications {

	private final DaemonStatus status;

	private final SystemdNotifier systemd;

	private final ApplicationContext core;

	private final AtomicBoolean stopping = new AtomicBoolean();

	ServiceManagerNotifications(DaemonStatus status, SystemdNotifier systemd, ApplicationContext core) {
		this.status = status;
		this.systemd = systemd;
		this.core = core;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (event.getApplicationContext() == this.core) {
			this.status.set(DaemonStatus.State.SERVING);
		}
	}

	/**
	 * The management context's readiness, the last step of the start (its children's events reach
	 * the core too): published once its own listeners have seen it, so readiness answers UP by now.
	 */
	@EventListener
	void accepting(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && event.getSource() instanceof ApplicationContext started
				&& started.getParent() == this.core && !this.stopping.get()) {
			this.systemd.ready(null);
		}
	}

	@EventListener
	void closing(ContextClosedEvent event) {
		if (this.stopping.compareAndSet(false, true)) {
			this.status.set(DaemonStatus.State.STOPPING);
			this.systemd.stopping();
		}
	}

	void reloading() {
		this.status.set(DaemonStatus.State.RELOADING);
		this.systemd.reloading();
	}

	/** Serving again either way: a refused file leaves the running configuration in force. */
	void reloaded(Reloader.Result result) {
		if (this.status.state() == DaemonStatus.State.RELOADING) {
			this.status.set(DaemonStatus.State.SERVING);
		}
		if (!this.stopping.get()) {
			this.systemd.ready(result.applied() ? null : "reload failed: " + result.message());
		}
	}
}
