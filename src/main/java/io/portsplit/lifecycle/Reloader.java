package io.portsplit.lifecycle;

import java.io.IOException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.portsplit.config.BindAddress;
import io.portsplit.config.ClientRules;
import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import org.springframework.context.ApplicationEventPublisher;

import io.portsplit.access.Admission;
import io.portsplit.listen.ListenFailedException;
import io.portsplit.listen.ListenerRegistry;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.ServiceRouter;

/**
 * The reload of SIGHUP and of the management endpoint: re-reads the same file; a file
 * that is invalid, or whose new binds cannot be opened, changes nothing. Connections
 * already open are never touched: they keep the routing table they were accepted with.
 */
public final class Reloader {

	private static final Log logger = LogFactory.getLog(Reloader.class);

	private final ServiceRouter router;

	private final ListenerRegistry listeners;

	private final Admission admission;

	private final PidFileKeeper pidFile;

	private volatile PortsplitConfig current;

	/** Between the daemon's start and stop; guarded by {@code this}, like every reload. */
	private boolean running;

	private final ApplicationEventPublisher events;

	private final ServiceManagerNotifications notifications;

	Reloader(PortsplitConfig initial, ServiceRouter router, ListenerRegistry listeners, Admission admission,
			PidFileKeeper pidFile, ApplicationEventPublisher events, ServiceManagerNotifications notifications) {
		this.events = events;
		this.notifications = notifications;
		this.current = initial;
		this.router = router;
		this.listeners = listeners;
		this.admission = admission;
		this.pidFile = pidFile;
	}

	public PortsplitConfig current() {
		return this.current;
	}

	void reloadFromSignal() {
		logger.info("SIGHUP: reloading " + this.current.file());
		reload();
	}

	/** Reloads are taken from now on. */
	synchronized void started() {
		this.running = true;
	}

	/**
	 * No reload from now on. Synchronized with {@link #reload()}: a reload under way
	 * finishes first, so none can open binds or write the pid file after the stop has
	 * closed and removed them.
	 */
	synchronized void stopped() {
		this.running = false;
	}

	public synchronized Result reload() {
		if (!this.running) {
			logger.info("not reloading: portsplit is not running");
			return new Result(false, "portsplit is not running");
		}
		this.notifications.reloading();
		Result result;
		try {
			result = apply();
		}
		catch (RuntimeException ex) {
			// A fault of portsplit's, not of the file: the daemon serves on, and says what broke.
			logger.error("reload failed: " + ex, ex);
			result = new Result(false, ex.toString());
		}
		this.notifications.reloaded(result);
		return result;
	}

	private Result apply() {
		PortsplitConfig next;
		try {
			next = ConfigLoader.load(this.current.file());
		}
		catch (ConfigException ex) {
			logger.error("reload failed, keeping the running configuration: " + ex.getMessage());
			return new Result(false, ex.getMessage());
		}
		RoutingTable previous = this.router.current();
		// Routes first: a bind added now must route with the new services from its first client.
		this.router.replace(new RoutingTable(next));
		List<BindAddress> opened;
		try {
			opened = this.listeners.apply(next.binds());
		}
		catch (RuntimeException ex) {
			this.router.replace(previous);
			if (!(ex instanceof ListenFailedException)) {
				throw ex;
			}
			logger.error("reload failed, keeping the running configuration: " + ex.getMessage());
			return new Result(false, ex.getMessage());
		}
		ClientRules clients = next.clients();
		this.admission.apply(next.maxconn(), clients.access(), clients.acceptProxy(), clients.maxconnPerSource(),
				clients.ratePerSource());
		try {
			this.pidFile.update(next.pidFile());
		}
		catch (IOException ex) {
			logger.error("cannot write pid file: " + ex.getMessage());
		}
		if (!next.management().equals(this.current.management())) {
			logger.warn(next.file() + ": management = " + next.management()
					+ " takes effect at the next start; the management server stays at " + this.current.management());
		}
		this.current = next;
		ListenerRegistry.announce(opened);
		try {
			this.events.publishEvent(new ConfigurationApplied(next));
		}
		catch (RuntimeException ex) {
			// The file is in force by now: a follower's fault (the metrics, say) does not undo it.
			logger.error("after the reload: " + ex, ex);
		}
		next.warningLines().forEach(logger::warn);
		next.allServices().forEach(service -> logger.info(service.describe()));
		String message = "reloaded " + next.file() + ": " + next.binds().size() + " bind(s), "
				+ next.allServices().size() + " service(s)";
		logger.info(message);
		return new Result(true, message);
	}

	/** What a reload did, for the log and the management endpoint. */
	public record Result(boolean applied, String message) {
	}
}
