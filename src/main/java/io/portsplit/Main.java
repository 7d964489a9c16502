package io.portsplit;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.EarlyBinds;
import io.portsplit.lifecycle.Reloader;
import io.portsplit.lifecycle.SignalRequests;
import io.portsplit.listen.ListenFailedException;
import io.portsplit.ops.Explainer;

/**
 * Command-line entry point, with its exit codes: 0 normal stop, 2 bad configuration,
 * 1 any other start-up failure.
 */
public final class Main {

	static final int OK = 0;

	static final int START_FAILED = 1;

	static final int CONFIG_ERROR = 2;

	/** A stop that has not finished by then is ended the hard way, so no half-dead process stays. */
	private static final long STOP_GRACE_SECONDS = 15;

	/** Not a static field: that would start the logging system before the binds open (0.3-0.5 s). */
	private static Log logger() {
		return LogFactory.getLog(Main.class);
	}

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
		if (commandLine.mode() == CommandLine.Mode.HELP) {
			out.println(CommandLine.USAGE);
			return OK;
		}
		if (commandLine.mode() == CommandLine.Mode.VERSION) {
			out.println("portsplit " + Version.current());
			return OK;
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
		if (commandLine.mode() == CommandLine.Mode.CHECK) {
			CheckReport.print(config, out);
			return OK;
		}
		// Before start-up: the pid file is written during it, and a signal sent once it exists must be ours.
		SignalRequests signals = new SignalRequests();
		signals.install();
		// The binds right after the check. Clients connecting from now on wait in the kernel's backlog
		// while the Spring context starts (seconds), instead of being refused.
		EarlyBinds earlyBinds;
		try {
			earlyBinds = EarlyBinds.open(config.binds());
		}
		catch (ListenFailedException ex) {
			err.println("portsplit: " + ex.getMessage());
			return START_FAILED;
		}
		ConfigurableApplicationContext context;
		try {
			context = PortsplitLauncher.start(config, earlyBinds, commandLine.springArgs());
		}
		catch (RuntimeException ex) {
			earlyBinds.close();
			// Spring's own report of the failure is off (application.yml); the details are here, at DEBUG.
			logger().debug("start-up failed", ex);
			err.println("portsplit: " + startFailure(ex, config));
			return START_FAILED;
		}
		awaitStopRequest(context, signals);
		return OK;
	}

	private static String startFailure(Throwable failure, PortsplitConfig config) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ListenFailedException) {
				return t.getMessage();
			}
			if (t instanceof PortInUseException portInUse) {
				return "cannot listen on the management port " + portInUse.getPort() + ": already in use (set 'management = "
						+ "IP:PORT' or 'management = off' in " + config.file() + ", or --server.port=N)";
			}
		}
		return "start-up failed: " + failure.getMessage();
	}

	private static void awaitStopRequest(ConfigurableApplicationContext context, SignalRequests signals) {
		context.addApplicationListener(event -> {
			if (event instanceof org.springframework.context.event.ContextClosedEvent) {
				signals.stopped();
			}
		});
		signals.started(context.getBean(Reloader.class));
		try {
			signals.awaitStop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
				logger().error("stop took longer than " + STOP_GRACE_SECONDS + " s; halting");
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
}
