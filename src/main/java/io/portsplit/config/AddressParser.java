package io.portsplit.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code host:port} values. IPv6 is written plainly and split at the last colon
 * ({@code ::1:9090}) or in brackets ({@code [::1]:9090}).
 *
 * <p>No name is ever looked up here: {@link InetAddress#getByName} is only called on text that
 * has already been checked to be an IPv6 literal, which the JDK parses without DNS. IPv4 is
 * parsed by hand because the JDK also accepts BSD forms such as {@code 127.1}, which an
 * operator would not expect to mean 127.0.0.1.
 */
final class AddressParser {

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	// Starting with a hex digit or ':' is what makes the JDK treat the text as a literal.
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

	private static final Pattern HOST_NAME = Pattern
		.compile("(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

	private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

	private static final String UNIX_PREFIX = "unix:";

	private AddressParser() {
	}

	/** A {@code bind} value: the host must be a literal address, never a name. */
	static BindAddress parseBind(String text) {
		HostAndPort split = split(text, "bind");
		String host = split.host();
		InetAddress address;
		if (host.indexOf(':') >= 0) {
			address = ipv6(host, "bind");
		}
		else {
			address = ipv4(host);
			if (address == null) {
				throw new ConfigValueException("bad address '" + host
						+ "' in 'bind': must be a literal IPv4 or IPv6 address (names are not looked up for binds)");
			}
		}
		return new BindAddress(address, split.port());
	}

	/**
	 * A {@code connect} value: {@code unix:/PATH}, or a host and port where the host may be a
	 * name, resolved only when a client is routed.
	 */
	static BackendAddress parseConnect(String text) {
		if (text.startsWith(UNIX_PREFIX)) {
			return unixSocket(text.substring(UNIX_PREFIX.length()));
		}
		HostAndPort split = split(text, "connect");
		String host = split.host();
		if (host.indexOf(':') >= 0) {
			ipv6(host, "connect");
		}
		else if (DIGITS_AND_DOTS.matcher(host).matches()) {
			if (ipv4(host) == null) {
				throw new ConfigValueException("bad address '" + host + "' in 'connect': not a valid IPv4 address");
			}
		}
		else if (!HOST_NAME.matcher(host).matches()) {
			throw new ConfigValueException("bad host '" + host
					+ "' in 'connect': must be a host name, an IPv4 or an IPv6 address");
		}
		return new HostPort(host, split.port());
	}

	private static UnixSocket unixSocket(String path) {
		if (!path.startsWith("/")) {
			throw new ConfigValueException("bad Unix socket '" + UNIX_PREFIX + path
					+ "' in 'connect': the path must be absolute (unix:/run/service.sock)");
		}
		try {
			return new UnixSocket(Path.of(path).normalize());
		}
		catch (InvalidPathException ex) {
			throw new ConfigValueException("bad Unix socket path '" + path + "' in 'connect': " + ex.getReason());
		}
	}

	private static HostAndPort split(String text, String option) {
		String host;
		String port;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw new ConfigValueException("missing ']' in '" + option + "' value '" + text + "'");
			}
			host = text.substring(1, close);
			String rest = text.substring(close + 1);
			if (!rest.startsWith(":")) {
				throw new ConfigValueException("missing ':port' after ']' in '" + option + "' value '" + text + "'");
			}
			if (host.indexOf(':') < 0) {
				throw new ConfigValueException("bad address '" + host + "' in '" + option
						+ "': brackets are only for IPv6 addresses");
			}
			port = rest.substring(1);
		}
		else {
			int colon = text.lastIndexOf(':');
			if (colon < 0) {
				throw new ConfigValueException("missing port in '" + option + "' value '" + text + "' (expected host:port)");
			}
			host = text.substring(0, colon);
			port = text.substring(colon + 1);
		}
		if (host.isEmpty()) {
			String hint = option.equals("bind") ? " (use 0.0.0.0:PORT or :::PORT to listen on all addresses)" : "";
			throw new ConfigValueException("missing address in '" + option + "' value '" + text + "'" + hint);
		}
		if (port.isEmpty()) {
			throw new ConfigValueException("missing port in '" + option + "' value '" + text + "' (expected host:port)");
		}
		return new HostAndPort(host, port(port, option));
	}

	private static int port(String text, String option) {
		if (text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		throw new ConfigValueException("bad port '" + text + "' in '" + option + "': must be 1-65535");
	}

	private static InetAddress ipv4(String host) {
		Matcher m = IPV4.matcher(host);
		if (!m.matches()) {
			return null;
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			int part = Integer.parseInt(m.group(i + 1));
			if (part > 255) {
				return null;
			}
			bytes[i] = (byte) part;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex); // cannot happen with four bytes
		}
	}

	private static InetAddress ipv6(String host, String option) {
		if (IPV6.matcher(host).matches()) {
			try {
				return InetAddress.getByName(host);
			}
			catch (UnknownHostException ex) {
				// fall through to the same message as other malformed text
			}
		}
		throw new ConfigValueException("bad address '" + host + "' in '" + option + "': not a valid IPv6 address");
	}

	private record HostAndPort(String host, int port) {
	}
}
