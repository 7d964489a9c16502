package io.portsplit.session;

import java.net.InetSocketAddress;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.config.BackendAddress;
import io.portsplit.route.Decision;

/**
 * Hears the life of every client connection. Logging and metrics are observers; the
 * data path calls them once per event, never per chunk of data.
 */
public interface ConnectionObserver {

	/** Turned away at once, before anything was read: {@code refusal} says which rule. */
	default void refused(Arrival arrival, Admission.Refusal refusal) {
	}

	default void accepted(ClientSession session) {
	}

	default void decided(ClientSession session, Decision decision) {
	}

	default void ended(ClientSession session, ConnectionEnd end) {
	}

	/**
	 * A {@code connect} action's attempt to open its backend took {@code nanos};
	 * {@code connected} is false when it failed (the connection then ends as a failure).
	 */
	default void backendConnect(ClientSession session, BackendAddress target, long nanos, boolean connected) {
	}

	/** Where a connection arrived from, before it has a session. */
	record Arrival(BindAddress bind, InetSocketAddress client) {
	}
}
