package io.portsplit;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

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

	/** @param earlyBinds listening sockets already open, taken over by the listeners of the same addresses */
	public static ConfigurableApplicationContext start(PortsplitConfig config, EarlyBinds earlyBinds,
			List<String> springArgs) {
		SpringApplication application = new SpringApplication(PortsplitApplication.class);
		application.addInitializers(context -> {
			((GenericApplicationContext) context).registerBean(PortsplitConfig.class, () -> config);
			((GenericApplicationContext) context).registerBean(EarlyBinds.class, () -> earlyBinds);
		});
		return application.run(springArgs.toArray(String[]::new));
	}
}
