package io.portsplit.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import io.portsplit.config.BindAddress;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.ListenerRegistry;

/**
 * Start and stop in the order the README's "Signals and lifecycle" gives: every bind
 * listens (or start-up fails), then the pid file is written and the services are logged;
 * at stop, listening ends first, then the pid file goes. Connections are closed by the
 * relay and exec beans after this.
 */
final class PortsplitDaemon implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PortsplitDaemon.class);

	/** Late in start-up, so every channel and handler is subscribed before a client is accepted. */
	static final int PHASE = Integer.MAX_VALUE - 1000;

	private final Reloader reloader;

	private final ListenerRegistry listeners;

	private final PidFileKeeper pidFile;

	private volatile boolean running;

	private final ApplicationEventPublisher events;

	PortsplitDaemon(Reloader reloader, ListenerRegistry listeners, PidFileKeeper pidFile,
			ApplicationEventPublisher events) {
		this.events = events;
		this.reloader = reloader;
		this.listeners = listeners;
		this.pidFile = pidFile;
	}

	@Override
	public synchronized void start() {
		PortsplitConfig config = this.reloader.current();
		config.warningLines().forEach(logger::warn);
		List<BindAddress> opened = this.listeners.apply(config.binds());
		try {
			this.pidFile.update(config.pidFile());
		}
		catch (IOException ex) {
			this.listeners.stopAll();
			throw new UncheckedIOException("cannot write pid file " + config.pidFile().get() + ": " + ex.getMessage(), ex);
		}
		ListenerRegistry.announce(opened);
		this.events.publishEvent(new ConfigurationApplied(config));
		config.allServices().forEach(service -> logger.info(service.describe()));
		this.reloader.started();
		this.running = true;
	}

	/**
	 * Listening ends as soon as the application begins to close, which it does from the
	 * management context down: then the readiness endpoint, which has just turned to
	 * OUT_OF_SERVICE, still answers while the binds close, and the core closes after.
	 */
	@EventListener
	void closing(ContextClosedEvent event) {
		stop();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		// First: a reload still under way ends before the binds close, and none starts after.
		this.reloader.stopped();
		this.listeners.stopAll();
		this.pidFile.remove();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}
}
