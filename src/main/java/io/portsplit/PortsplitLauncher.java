package io.portsplit;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import io.portsplit.config.Management;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.listen.EarlyBinds;

/**
 * Starts the Spring application around a configuration that is already loaded and
 * valid: the file is checked before Spring starts, so a bad file never gets as far as
 * binding a port, and its error is one line naming the file and the line.
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
	 * for a management port: then that wins.
	 */
	static Map<String, Object> managementDefaults(Management management, List<String> springArgs) {
		boolean asked = springArgs.stream()
			.anyMatch(arg -> arg.startsWith("--server.port=") || arg.startsWith("--management.server.port=")
					|| arg.startsWith("--spring.main.web-application-type="));
		return (management.off() && asked) ? Map.of() : management.springDefaults();
	}

	/** @param earlyBinds listening sockets already open, taken over by the listeners of the same addresses */
	public static ConfigurableApplicationContext start(PortsplitConfig config, EarlyBinds earlyBinds,
			List<String> springArgs) {
		SpringApplication application = new SpringApplication(PortsplitApplication.class);
		application.setDefaultProperties(managementDefaults(config.management(), springArgs));
		application.addInitializers(context -> {
			((GenericApplicationContext) context).registerBean(PortsplitConfig.class, () -> config);
			((GenericApplicationContext) context).registerBean(EarlyBinds.class, () -> earlyBinds);
		});
		return application.run(springArgs.toArray(String[]::new));
	}
}
