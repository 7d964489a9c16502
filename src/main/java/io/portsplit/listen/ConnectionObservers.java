package io.portsplit.listen;

import java.util.List;

import io.portsplit.config.HostPort;
import io.portsplit.route.Decision;

/** Fans each connection event out to every observer (log, metrics, …). */
public final class ConnectionObservers implements ConnectionObserver {

	private final ConnectionObserver[] observers;

	public ConnectionObservers(List<ConnectionObserver> observers) {
		this.observers = observers.toArray(ConnectionObserver[]::new);
	}

	@Override
	public void rejectedAtLimit(Arrival arrival) {
		for (ConnectionObserver observer : this.observers) {
			observer.rejectedAtLimit(arrival);
		}
	}

	@Override
	public void accepted(ClientSession session) {
		for (ConnectionObserver observer : this.observers) {
			observer.accepted(session);
		}
	}

	@Override
	public void decided(ClientSession session, Decision decision) {
		for (ConnectionObserver observer : this.observers) {
			observer.decided(session, decision);
		}
	}

	@Override
	public void ended(ClientSession session, ConnectionEnd end) {
		for (ConnectionObserver observer : this.observers) {
			observer.ended(session, end);
		}
	}

	@Override
	public void backendConnect(ClientSession session, HostPort target, long nanos, boolean connected) {
		for (ConnectionObserver observer : this.observers) {
			observer.backendConnect(session, target, nanos, connected);
		}
	}
}
