package io.portsplit.lifecycle;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Keeps the daemon's status and systemd in step with what Spring says: ready once the
 * whole application has started (every bind served, the management server up), stopping as
 * soon as the context begins to close, before the binds do. Reloads are told by the
 * {@link Reloader} itself.
 */
final class ServiceManagerNotifications {

	private final DaemonStatus status;

	private final SystemdNotifier systemd;

	ServiceManagerNotifications(DaemonStatus status, SystemdNotifier systemd) {
		this.status = status;
		this.systemd = systemd;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		this.status.set(DaemonStatus.State.SERVING);
		this.systemd.ready();
	}

	@EventListener
	void closing(ContextClosedEvent event) {
		this.status.set(DaemonStatus.State.STOPPING);
		this.systemd.stopping();
	}

	void reloading() {
		this.status.set(DaemonStatus.State.RELOADING);
		this.systemd.reloading();
	}

	void reloaded() {
		if (this.status.state() == DaemonStatus.State.RELOADING) {
			this.status.set(DaemonStatus.State.SERVING);
		}
		this.systemd.ready();
	}
}
