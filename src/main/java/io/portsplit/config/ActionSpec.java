package io.portsplit.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What a service does with a connection once it is chosen. */
public sealed interface ActionSpec {

	/** How long a backend may take to accept a connection, where the file does not say. */
	Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Relay to a backend.
	 *
	 * @param target where to
	 * @param proxy the PROXY protocol header sent before the client's first bytes, if any
	 * @param connectTimeout how long the backend may take to accept
	 */
	record Connect(BackendAddress target, ProxyProtocol proxy, Duration connectTimeout) implements ActionSpec {

		public Connect(BackendAddress target) {
			this(target, ProxyProtocol.NONE, DEFAULT_CONNECT_TIMEOUT);
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("connect ").append(this.target);
			if (this.proxy != ProxyProtocol.NONE) {
				text.append(" (proxy ").append(this.proxy).append(')');
			}
			if (!this.connectTimeout.equals(DEFAULT_CONNECT_TIMEOUT)) {
				text.append(" (connect-timeout ").append(this.connectTimeout.toSeconds()).append(" s)");
			}
			return text.toString();
		}
	}

	/** Run a local program wired to the connection. */
	record Exec(String program, List<String> args, boolean pty) implements ActionSpec {
		public Exec {
			args = List.copyOf(args);
		}

		@Override
		public String toString() {
			return "exec " + this.program + (this.args.isEmpty() ? "" : " " + String.join(" ", this.args))
					+ (this.pty ? " (pty)" : "");
		}
	}

	/** {@code proxy = v1|v2|no}. */
	enum ProxyProtocol {

		NONE, V1, V2;

		@Override
		public String toString() {
			return (this == NONE) ? "no" : name().toLowerCase(Locale.ROOT);
		}
	}
}
