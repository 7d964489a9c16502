package io.portsplit.lifecycle;

import java.util.Locale;

/**
 * What the daemon is doing, for the health endpoint's {@code state} detail: an
 * orchestrator reads there whether a reload or a stop is under way, beside the readiness
 * that says whether to send clients.
 */
public final class DaemonStatus {

	/** The daemon's phases, in the order they come. */
	public enum State {

		/** The context is starting; binds may be open but are not served yet. */
		STARTING,

		/** Every bind is served. */
		SERVING,

		/** A reload is being applied; every bind is still served. */
		RELOADING,

		/** Stopping: listening has ended or is ending. */
		STOPPING;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private volatile State state = State.STARTING;

	public State state() {
		return this.state;
	}

	void set(State state) {
		this.state = state;
	}
}
