package io.portsplit.session;

import java.util.Arrays;
import java.util.List;

import io.portsplit.access.Admission;
import io.portsplit.config.BackendAddress;
import io.portsplit.route.Decision;

/**
 * Tells each connection event to every {@link ConnectionObserver} (log, metrics, …), in
 * order. The core context's observers are there from the start; the management context's
 * (the metrics) join once it has started, and leave when it closes.
 */
public final class ConnectionObservers {

	private volatile ConnectionObserver[] observers;

	public ConnectionObservers(List<ConnectionObserver> observers) {
		this.observers = observers.toArray(ConnectionObserver[]::new);
	}

	public synchronized void add(ConnectionObserver observer) {
		ConnectionObserver[] more = Arrays.copyOf(this.observers, this.observers.length + 1);
		more[more.length - 1] = observer;
		this.observers = more;
	}

	public synchronized void remove(ConnectionObserver observer) {
		this.observers = Arrays.stream(this.observers).filter(o -> o != observer).toArray(ConnectionObserver[]::new);
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
