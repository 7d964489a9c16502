package io.portsplit.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The option names the file knows, where each may appear, and whether it may repeat. */
enum Option {

	BIND("bind", Scope.GLOBAL, true), MAXCONN("maxconn", Scope.BOTH, false), PID("pid", Scope.GLOBAL, false),
	TIMEOUT("timeout", Scope.GLOBAL, false), ACCEPT_PROXY("accept-proxy", Scope.GLOBAL, true),
	MAXCONN_PER_SOURCE("maxconn-per-source", Scope.GLOBAL, false),
	RATE_PER_SOURCE("rate-per-source", Scope.GLOBAL, false), MANAGEMENT("management", Scope.GLOBAL, false),

	ALLOW("allow", Scope.BOTH, true), DENY("deny", Scope.BOTH, true),

	STRING("string", Scope.SERVICE, true), REGEX("regex", Scope.SERVICE, true), PROBE("probe", Scope.SERVICE, true),
	SNI("sni", Scope.SERVICE, true), ALPN("alpn", Scope.SERVICE, true), HOST("host", Scope.SERVICE, true),

	CONNECT("connect", Scope.SERVICE, false), EXEC("exec", Scope.SERVICE, false),
	EXECARG("execarg", Scope.SERVICE, true), PTY("pty", Scope.SERVICE, false), PROXY("proxy", Scope.SERVICE, false),
	CONNECT_TIMEOUT("connect-timeout", Scope.SERVICE, false), IDLE_TIMEOUT("idle-timeout", Scope.SERVICE, false);

	/** Where an option may appear. */
	enum Scope {
		GLOBAL, SERVICE, BOTH
	}

	private final String key;

	private final Scope scope;

	private final boolean repeatable;

	Option(String key, Scope scope, boolean repeatable) {
		this.key = key;
		this.scope = scope;
		this.repeatable = repeatable;
	}

	/** The name as written in the file, and the last element of its property key. */
	String key() {
		return this.key;
	}

	boolean allowedGlobally() {
		return this.scope != Scope.SERVICE;
	}

	boolean allowedInServices() {
		return this.scope != Scope.GLOBAL;
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
		return Arrays.stream(values())
			.filter(o -> global ? o.allowedGlobally() : o.allowedInServices())
			.map(Option::key)
			.collect(Collectors.joining(", "));
	}
}
