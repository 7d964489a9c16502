package io.portsplit.session;

import java.util.List;

import io.portsplit.access.Admission;
import io.portsplit.config.BackendAddress;
import io.portsplit.route.Decision;

/** Tells each connection event to every {@link ConnectionObserver} (log, metrics, …), in order. */
public final class ConnectionObservers {

	private final ConnectionObserver[] observers;

	public ConnectionObservers(List<ConnectionObserver> observers) {
		this.observers = observers.toArray(ConnectionObserver[]::new);
	}

	public void refused(ConnectionObserver.Arrival arrival, Admission.Refusal refusal) {
		for (ConnectionObserver observer : this.observers) {
			observer.refused(arrival, refusal);
		}
	}

	public void accepted(ClientSession session) {
		for (ConnectionObserver observer : this.observers) {
			observer.accepted(session);
		}
	}

	void decided(ClientSession session, Decision decision) {
		for (ConnectionObserver observer : this.observers) {
			observer.decided(session, decision);
		}
	}

	void ended(ClientSession session, ConnectionEnd end) {
		for (ConnectionObserver observer : this.observers) {
			observer.ended(session, end);
		}
	}

	void backendConnect(ClientSession session, BackendAddress target, long nanos, boolean connected) {
		for (ConnectionObserver observer : this.observers) {
			observer.backendConnect(session, target, nanos, connected);
		}
	}
}
