package io.portsplit.config;

import org.springframework.boot.env.OriginTrackedMapPropertySource;

/**
 * Where each property came from, so that checks made after binding can still point at the
 * line the operator has to fix.
 */
final class SourceLines {

	private final OriginTrackedMapPropertySource source;

	SourceLines(OriginTrackedMapPropertySource source) {
		this.source = source;
	}

	/** 1-based line of {@code key}, or 0 if the file does not set it. */
	int line(String key) {
		return ConfigBinder.lineOf(this.source.getOrigin(key));
	}

	/** The value as written (trimmed), or null if the file does not set it. */
	String text(String key) {
		Object value = this.source.getProperty(key);
		return (value != null) ? value.toString() : null;
	}

	static String global(Option option) {
		return ConfigFileReader.PREFIX + "." + option.key();
	}

	static String global(Option option, int index) {
		return global(option) + "[" + index + "]";
	}

	static String service(int service) {
		return ConfigFileReader.PREFIX + ".services[" + service + "]";
	}

	static String service(int service, Option option) {
		return service(service) + "." + option.key();
	}

	static String service(int service, Option option, int index) {
		return service(service, option) + "[" + index + "]";
	}
}
