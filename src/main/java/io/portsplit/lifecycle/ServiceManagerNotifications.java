package io.portsplit.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Keeps the daemon's status and systemd in step with what Spring says: ready once the core
 * context has started (every bind served: a client connecting now is routed now; the
 * management context follows), stopping as soon as the application begins to close, before
 * the binds do. Reloads are told by the {@link Reloader} itself.
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

	/** The core's own event: the management context's, which comes later, reaches here too and changes nothing. */
	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (event.getApplicationContext() == this.core) {
			this.status.set(DaemonStatus.State.SERVING);
			this.systemd.ready();
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

	void reloaded() {
		if (this.status.state() == DaemonStatus.State.RELOADING) {
			this.status.set(DaemonStatus.State.SERVING);
		}
		if (!this.stopping.get()) {
			this.systemd.ready();
		}
	}
}
