package io.portsplit.config;

import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code portsplit.*} properties of one configuration file as Spring's {@code Binder}
 * produces them: typed, but not yet checked as a whole (see {@link ConfigValidator}).
 *
 * <p>Deliberately not annotated with {@code @ConfigurationProperties}: these are bound only
 * from the file's own property source by {@link ConfigBinder}, and a property scan must never
 * bind them from the application's environment instead.
 *
 * @param bind addresses to listen on, in file order
 * @param maxconn value of {@code maxconn}
 * @param pid value of {@code pid} as written, or null
 * @param timeout value of {@code timeout} in seconds
 * @param acceptProxy {@code accept-proxy} ranges as written
 * @param allow global {@code allow} ranges as written
 * @param deny global {@code deny} ranges as written
 * @param maxconnPerSource value of {@code maxconn-per-source}, or null
 * @param ratePerSource value of {@code rate-per-source}, or null
 * @param management value of {@code management} as written, or null
 * @param services every {@code [name]} section in file order, special ones included
 */
record PortsplitProperties(@DefaultValue List<BindAddress> bind, @DefaultValue("1024") Integer maxconn, String pid,
		@DefaultValue("5") Integer timeout, @DefaultValue List<String> acceptProxy, @DefaultValue List<String> allow,
		@DefaultValue List<String> deny, Integer maxconnPerSource, Integer ratePerSource, String management,
		@DefaultValue List<ServiceProperties> services) {

	/**
	 * One {@code [name]} section.
	 *
	 * @param name the name between the brackets
	 * @param string the patterns in file order
	 * @param regex {@code regex} values as written, in file order
	 * @param probe {@code probe} names as written
	 * @param sni {@code sni} globs as written
	 * @param alpn {@code alpn} protocol names as written
	 * @param host {@code host} globs as written
	 * @param allow {@code allow} ranges as written
	 * @param deny {@code deny} ranges as written
	 * @param maxconn the service's own {@code maxconn}, or null
	 * @param connect the backend, or null
	 * @param proxy {@code proxy} as written, or null
	 * @param connectTimeout {@code connect-timeout} in seconds, or null
	 * @param idleTimeout {@code idle-timeout} in seconds, or null
	 * @param exec the program as written, or null
	 * @param execarg arguments for {@code exec} in file order
	 * @param pty {@code pty} if given, else null (so that "pty without exec" can be told apart
	 * from the default)
	 */
	record ServiceProperties(String name, @DefaultValue List<PatternText> string, @DefaultValue List<String> regex,
			@DefaultValue List<String> probe, @DefaultValue List<String> sni, @DefaultValue List<String> alpn,
			@DefaultValue List<String> host, @DefaultValue List<String> allow, @DefaultValue List<String> deny,
			Integer maxconn, BackendAddress connect, String proxy, Integer connectTimeout, Integer idleTimeout,
			String exec, @DefaultValue List<String> execarg, Boolean pty) {
	}

	/** A decoded {@code string} value, still without the line its condition needs. */
	record PatternText(byte[] bytes, String escaped) {
	}
}
