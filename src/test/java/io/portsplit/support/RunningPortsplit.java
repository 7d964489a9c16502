package io.portsplit.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import io.portsplit.PortsplitLauncher;
import io.portsplit.config.ConfigException;
import io.portsplit.config.ConfigLoader;

/**
 * portsplit started in this JVM the way {@code Main} starts it, from a configuration
 * file; {@link #close()} closes the Spring context (listeners, relays, connections).
 */
public final class RunningPortsplit implements AutoCloseable {

	/**
	 * Quiet logs (connection lines would flood the build output) and no fixed management
	 * port, whatever the ops layer sets as its default: the machine is shared.
	 */
	public static final List<String> DEFAULT_ARGS = List.of("--logging.level.portsplit.connections=WARN",
			"--logging.level.io.portsplit=WARN", "--server.port=0", "--management.server.port=0");

	private final ConfigurableApplicationContext context;

	private RunningPortsplit(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static RunningPortsplit start(Path configFile, String... extraArgs) throws ConfigException {
		List<String> args = new ArrayList<>(DEFAULT_ARGS);
		args.addAll(List.of(extraArgs));
		return new RunningPortsplit(PortsplitLauncher.start(ConfigLoader.load(configFile), args));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}
}
