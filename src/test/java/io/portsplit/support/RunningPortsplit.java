package io.portsplit.support;

import java.nio.file.Path;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * portsplit started in this JVM by {@link Launch#inProcess()}, the way {@code Main} starts it
 * from a configuration file. {@link #close()} closes the Spring context: listeners,
 * relays, connections, programs; closing it again changes nothing.
 */
public final class RunningPortsplit implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final Path configFile;

	RunningPortsplit(ConfigurableApplicationContext context, Path configFile) {
		this.context = context;
		this.configFile = configFile;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The configuration file it was started on, by absolute path, as portsplit names it in messages. */
	public Path configFile() {
		return this.configFile;
	}

	/** Replaces the configuration file's content; it applies at the next reload. */
	public void rewrite(String text) {
		ConfigFiles.overwrite(this.configFile, text);
	}

	/** The port the management server listens on, on loopback. */
	public int managementPort() {
		if (!(this.context instanceof WebServerApplicationContext web) || web.getWebServer().getPort() <= 0) {
			throw new IllegalStateException("this portsplit has no management server");
		}
		return web.getWebServer().getPort();
	}

	/** Real HTTP to its management server. */
	public ManagementHttp management() {
		return new ManagementHttp(managementPort());
	}

	@Override
	public void close() {
		this.context.close();
	}
}
