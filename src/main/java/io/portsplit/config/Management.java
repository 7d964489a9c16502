package io.portsplit.config;

import java.net.InetAddress;
import java.util.Map;

/**
 * {@code management = IP:PORT | off}: where this instance's management server (health,
 * metrics, the portsplit endpoint) listens, so that two instances with two files never
 * want the same port. Spring properties from the command line, the environment or an
 * {@code application.yml} win over it: it only sets their defaults.
 *
 * @param address where it listens; null when it is off
 */
public record Management(BindAddress address) {

	/** {@code 127.0.0.1:9180}. */
	public static final Management DEFAULT = new Management(new BindAddress(InetAddress.getLoopbackAddress(), 9180));

	public static final Management OFF = new Management(null);

	public boolean off() {
		return this.address == null;
	}

	/** The Spring properties it stands for, as defaults. */
	public Map<String, Object> springDefaults() {
		if (off()) {
			return Map.of("spring.main.web-application-type", "none");
		}
		return Map.of("server.address", this.address.address().getHostAddress(), "server.port", this.address.port());
	}

	@Override
	public String toString() {
		return off() ? "off" : this.address.toString();
	}
}
