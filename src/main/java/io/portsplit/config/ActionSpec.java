package io.portsplit.config;

import java.util.List;

/** What a service does with a connection once it is chosen. */
public sealed interface ActionSpec {

	/** Relay to a backend. */
	record Connect(HostPort target) implements ActionSpec {
		@Override
		public String toString() {
			return "connect " + this.target;
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
}
