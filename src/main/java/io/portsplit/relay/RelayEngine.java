package io.portsplit.relay;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Non-blocking relay for routed connections: a few selector threads, each relaying many
 * pairs. Connections are spread over the loops round-robin.
 */
public final class RelayEngine implements AutoCloseable {

	private final RelayLoop[] loops;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	RelayEngine(int loopCount, int scratchBytes) {
		this.loops = new RelayLoop[loopCount];
		for (int i = 0; i < loopCount; i++) {
			this.loops[i] = new RelayLoop(scratchBytes);
			Thread thread = new Thread(this.loops[i], "relay-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Relays between a client and a backend whose non-blocking connect has been started
	 * but may not be finished: the loop finishes the connect, fails it after
	 * {@code timeoutNanos} from {@code startedNanos}, delivers {@code firstBytes} to the
	 * backend before anything else, and relays both ways until both directions have ended,
	 * either fails, or nothing has moved for {@code idleNanos} (0: no limit); then it closes
	 * both sockets and tells the listener.
	 */
	public void connectAndRelay(SocketChannel client, SocketChannel backend, byte[] firstBytes, long startedNanos,
			long timeoutNanos, long idleNanos, RelayListener listener) {
		RelayLoop loop = this.loops[Math.floorMod(this.next.getAndIncrement(), this.loops.length)];
		loop.add(new RelayPair(client, backend, firstBytes, listener, startedNanos, startedNanos + timeoutNanos,
				idleNanos));
	}

	/** Closes every relayed connection and stops the loops. */
	@Override
	public void close() throws InterruptedException {
		for (RelayLoop loop : this.loops) {
			loop.stop();
		}
		for (Thread thread : this.threads) {
			thread.join(5000);
		}
	}
}
