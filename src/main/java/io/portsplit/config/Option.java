package io.portsplit.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The option names the file knows, where each may appear, and whether it may repeat. */
enum Option {

	BIND("bind", true, true), MAXCONN("maxconn", true, false), PID("pid", true, false),
	TIMEOUT("timeout", true, false),

	STRING("string", false, true), REGEX("regex", false, true), PROBE("probe", false, true), SNI("sni", false, true),
	ALPN("alpn", false, true), HOST("host", false, true),

	CONNECT("connect", false, false), EXEC("exec", false, false),
	EXECARG("execarg", false, true), PTY("pty", false, false);

	private final String key;

	private final boolean global;

	private final boolean repeatable;

	Option(String key, boolean global, boolean repeatable) {
		this.key = key;
		this.global = global;
		this.repeatable = repeatable;
	}

	/** The name as written in the file, and the last element of its property key. */
	String key() {
		return this.key;
	}

	boolean global() {
		return this.global;
	}

	boolean repeatable() {
		return this.repeatable;
	}

	/** Whether it is a matching option, which the special services {@code [fallback]} and {@code [timeout]} may not have. */
	boolean matching() {
		return this == STRING || this == REGEX || this == PROBE || this == SNI || this == ALPN || this == HOST;
	}

	/** Names are case-sensitive, so this is an exact match. */
	static Optional<Option> named(String name) {
		return Arrays.stream(values()).filter(o -> o.key.equals(name)).findFirst();
	}

	static String names(boolean global) {
		return Arrays.stream(values()).filter(o -> o.global == global).map(Option::key)
			.collect(Collectors.joining(", "));
	}
}
