package io.portsplit.relay;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the relay told about one connection, and on which thread. Each callback is kept in
 * a future the test waits on with a bound, and counted, so a second call (which the
 * listener's contract rules out) shows.
 */
final class RecordingRelayListener implements RelayListener {

	/** Longer than any wait a relay test provokes, the probe's second included. */
	static final long WAIT_SECONDS = 20;

	final CompletableFuture<Connected> connected = new CompletableFuture<>();

	final CompletableFuture<ConnectFailed> connectFailed = new CompletableFuture<>();

	final CompletableFuture<Ended> ended = new CompletableFuture<>();

	private final AtomicInteger calls = new AtomicInteger();

	@Override
	public void connected(long nanos) {
		this.calls.incrementAndGet();
		this.connected.complete(new Connected(nanos, Thread.currentThread().getName()));
	}

	@Override
	public void connectFailed(long nanos, IOException failure) {
		this.calls.incrementAndGet();
		this.connectFailed.complete(new ConnectFailed(nanos, failure, Thread.currentThread().getName()));
	}

	@Override
	public void relayEnded(long fromClient, long toClient, String reason) {
		this.calls.incrementAndGet();
		this.ended.complete(new Ended(fromClient, toClient, reason, Thread.currentThread().getName()));
	}

	/** Callbacks so far, of any kind. */
	int calls() {
		return this.calls.get();
	}

	Connected awaitConnected() throws Exception {
		return this.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	ConnectFailed awaitConnectFailed() throws Exception {
		return this.connectFailed.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	Ended awaitEnded() throws Exception {
		return this.ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	record Connected(long nanos, String thread) {
	}

	record ConnectFailed(long nanos, IOException failure, String thread) {
	}

	record Ended(long fromClient, long toClient, String reason, String thread) {
	}
}
