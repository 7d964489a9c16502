package io.portsplit;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.ParentContextApplicationContextInitializer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;

import io.portsplit.config.Management;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.EarlyBinds;
import io.portsplit.ops.ManagementApplication;

/**
 * Starts the Spring application around a configuration that is already loaded and
 * valid: the file is checked before Spring starts, so a bad file never gets as far as
 * binding a port, and its error is one line naming the file and the line.
 * <p>
 * In two steps: the core context ({@link PortsplitApplication}) first, which serves the
 * multiplexed ports once it has started; then the management context
 * ({@link ManagementApplication}, the web server, Actuator, metrics) as its child. A client
 * is routed about as soon as the core is up, not once the whole web application is.
 * The child is what the caller gets: its beans see the core's, and closing it closes the
 * core after it.
 */
public final class PortsplitLauncher {

	private PortsplitLauncher() {
	}

	public static ConfigurableApplicationContext start(PortsplitConfig config, List<String> springArgs) {
		return start(config, EarlyBinds.none(), springArgs);
	}

	/**
	 * The file's {@code management} as defaults, which any Spring property of the operator's
	 * overrides. {@code off} leaves the web server out altogether, unless the command line asks
	 * for one: a {@code server.port} or a web application type gets Spring's own defaults; a
	 * {@code management.server.port} alone gets that port and no other (no application server
	 * on Spring's default 8080, on every interface).
	 */
	static Map<String, Object> managementDefaults(Management management, List<String> springArgs) {
		if (!management.off()) {
			return management.springDefaults();
		}
		if (springArgs.stream()
			.anyMatch(arg -> arg.startsWith("--server.port=") || arg.startsWith("--spring.main.web-application-type="))) {
			return Map.of();
		}
		if (springArgs.stream()
			.anyMatch(arg -> arg.startsWith("--management.server.port=") && !arg.equals("--management.server.port=-1"))) {
			return Map.of("server.port", -1);
		}
		return management.springDefaults();
	}

	/**
	 * @param earlyBinds listening sockets already open, taken over by the listeners of the same addresses
	 * @return the management context, child of the core; closing it closes both
	 */
	public static ConfigurableApplicationContext start(PortsplitConfig config, EarlyBinds earlyBinds,
			List<String> springArgs) {
		String[] args = springArgs.toArray(String[]::new);
		SpringApplication core = PortsplitApplication.core();
		core.addInitializers(context -> {
			((GenericApplicationContext) context).registerBean(PortsplitConfig.class, () -> config);
			((GenericApplicationContext) context).registerBean(EarlyBinds.class, () -> earlyBinds);
		});
		ConfigurableApplicationContext coreContext = CoreAot.run(core, args);
		SpringApplication management = new SpringApplication(ManagementApplication.class);
		management.setDefaultProperties(managementDefaults(config.management(), springArgs));
		management.addInitializers(new ParentContextApplicationContextInitializer(coreContext),
				context -> ((GenericApplicationContext) context).registerBean(CoreCloser.class,
						() -> new CoreCloser(coreContext)));
		ConfigurableApplicationContext context;
		try {
			context = management.run(args);
		}
		catch (RuntimeException ex) {
			coreContext.close();
			throw ex;
		}
		// The core has served for a moment already; this line says the whole start is over, and where to look.
		LogFactory.getLog(PortsplitLauncher.class).info(startedLine(context));
		return context;
	}

	/** Where the actuator answers: the web server's port, or Actuator's own ({@code management.server.port}). */
	static String startedLine(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		int own = environment.getProperty("local.management.port", Integer.class, -1);
		if (own > 0) {
			return startedLine(environment.getProperty("management.server.address", "0.0.0.0"), own);
		}
		if (context instanceof WebServerApplicationContext web && web.getWebServer() != null
				&& web.getWebServer().getPort() > 0) {
			return startedLine(environment.getProperty("server.address", "0.0.0.0"), web.getWebServer().getPort());
		}
		return "started; no management server";
	}

	private static String startedLine(String address, int port) {
		String host = address.contains(":") ? "[" + address + "]" : address;
		return "started; management server on http://" + host + ":" + port + "/actuator";
	}

	/**
	 * Closes the core once the management context has closed: the first bean of the child,
	 * so destroyed last, after its web server has stopped. The core's listeners stopped
	 * already, as the child began to close (see {@code PortsplitDaemon}).
	 */
	static final class CoreCloser implements DisposableBean {

		private final ConfigurableApplicationContext core;

		CoreCloser(ConfigurableApplicationContext core) {
			this.core = core;
		}

		@Override
		public void destroy() {
			this.core.close();
		}
	}
}
