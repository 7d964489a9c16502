package io.portsplit;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.ListenFailedException;
import io.portsplit.ops.Explainer;

/**
 * Command-line entry point with the exit codes of SPEC 2: 0 normal stop, 2 bad
 * configuration, 1 any other start-up failure.
 */
public final class Main {

	static final int OK = 0;

	static final int START_FAILED = 1;

	static final int CONFIG_ERROR = 2;

	/** A stop that has not finished by then is ended the hard way, so no half-dead process stays. */
	private static final long STOP_GRACE_SECONDS = 15;

	private static final Log logger = LogFactory.getLog(Main.class);

	private Main() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		CommandLine commandLine;
		try {
			commandLine = CommandLine.parse(args);
		}
		catch (CommandLine.UsageException ex) {
			err.println("portsplit: " + ex.getMessage());
			err.println(CommandLine.USAGE);
			return CONFIG_ERROR;
		}
		byte[] explain = null;
		if (commandLine.explainHex() != null) {
			try {
				explain = Explainer.parseHex(commandLine.explainHex());
			}
			catch (IllegalArgumentException ex) {
				err.println("portsplit: --explain: " + ex.getMessage());
				return CONFIG_ERROR;
			}
		}
		PortsplitConfig config;
		try {
			config = ConfigLoader.load(commandLine.configFile());
		}
		catch (ConfigException ex) {
			err.println("portsplit: " + ex.getMessage());
			return CONFIG_ERROR;
		}
		if (explain != null) {
			Explainer.explain(config, explain).forEach(out::println);
			return OK;
		}
		if (commandLine.check()) {
			CheckReport.print(config, out);
			return OK;
		}
		// Signals are handled from before start-up: the pid file appears while Spring is
		// still starting, and a SIGTERM sent as soon as it exists must still stop cleanly.
		StopRequest stop = new StopRequest();
		SignalHandling.install(stop::request, stop::reload);
		ConfigurableApplicationContext context;
		try {
			context = PortsplitLauncher.start(config, commandLine.springArgs());
		}
		catch (RuntimeException ex) {
			err.println("portsplit: " + startFailure(ex));
			return START_FAILED;
		}
		awaitStopRequest(context, stop);
		return OK;
	}

	private static String startFailure(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ListenFailedException) {
				return t.getMessage();
			}
			if (t instanceof PortInUseException portInUse) {
				return "cannot listen on the management port " + portInUse.getPort()
						+ ": already in use (move it with --server.port=N, or turn it off with --server.port=-1)";
			}
		}
		return "start-up failed: " + failure.getMessage();
	}

	private static void awaitStopRequest(ConfigurableApplicationContext context, StopRequest stop) {
		context.addApplicationListener(event -> {
			if (event instanceof org.springframework.context.event.ContextClosedEvent) {
				stop.requested.countDown();
			}
		});
		stop.started(context.getBean(Reloader.class));
		try {
			stop.requested.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
				logger.error("stop took longer than " + STOP_GRACE_SECONDS + " s; halting");
				Runtime.getRuntime().halt(START_FAILED);
			}
			catch (InterruptedException ignored) {
				// stopped in time
			}
		}, "stop-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		context.close();
	}

	/**
	 * What the signal handlers act on. A stop requested during start-up takes effect as
	 * soon as start-up ends; a reload requested then is done once the daemon runs, since
	 * the file may have changed after it was read.
	 */
	private static final class StopRequest {

		final CountDownLatch requested = new CountDownLatch(1);

		private final AtomicBoolean stopping = new AtomicBoolean();

		private Reloader reloader;

		private boolean reloadPending;

		void request() {
			if (this.stopping.compareAndSet(false, true)) {
				logger.info("stopping");
				this.requested.countDown();
			}
			else {
				logger.info("already stopping");
			}
		}

		void reload() {
			Reloader target;
			synchronized (this) {
				target = this.reloader;
				if (target == null) {
					logger.info("SIGHUP during start-up: reloading once started");
					this.reloadPending = true;
					return;
				}
			}
			target.reloadFromSignal();
		}

		void started(Reloader reloader) {
			boolean pending;
			synchronized (this) {
				this.reloader = reloader;
				pending = this.reloadPending;
			}
			if (pending && this.requested.getCount() > 0) {
				reloader.reloadFromSignal();
			}
		}
	}
}
