package io.portsplit.firstbytes;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.portsplit.threads.LoopSelector;
import io.portsplit.threads.SharedThreads;

/**
 * Where a client waits whose first bytes were not there when its accept thread looked:
 * one selector thread watches all of them for OP_READ and for their decision deadlines,
 * instead of a reader thread each.
 * <p>
 * One thread is enough: it never blocks on anyone's behalf (it is one of the
 * {@link SharedThreads}, so actions that could block move off it), and what it does per client is what an accept thread does for every client whose
 * bytes are already there — one read of a few bytes, a pattern match and the start of an
 * action — a few microseconds, for the minority of clients that have to wait. A silent
 * client costs a registered key and nothing else.
 * <p>
 * A channel is never read, handed to an action or closed while it is still registered
 * here: its key is cancelled and a {@code selectNow} deregisters it first (a batch at a
 * time). The channel is then as the accept thread would have left it, but non-blocking;
 * the relay wants it so, {@code ExecAction} switches it back. Closing a channel that is
 * still registered would also turn its close into a reset (the JDK sets SO_LINGER 0 when
 * it cannot close at once), so a close asked for by another thread (a listener stopping)
 * is carried out here, see {@link #closeLater}.
 */
public final class FirstBytesWaiter implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FirstBytesWaiter.class);

	private static final long STOP_WAIT_MILLIS = 5_000;

	private final LoopSelector loopSelector;

	private final Selector selector;

	/** Work queued for this waiter's thread: then it must not block in its select. */
	private final BooleanSupplier workPending = () -> !this.incoming.isEmpty() || !this.closeRequests.isEmpty();

	private final Queue<FirstBytesConnection> incoming = new ConcurrentLinkedQueue<>();

	private final Queue<FirstBytesConnection> closeRequests = new ConcurrentLinkedQueue<>();

	/** Waiting clients with a deadline, soonest first; only the loop's thread touches it. */
	private final TreeSet<Waiting> deadlines = new TreeSet<>(
			Comparator.comparingLong((Waiting waiting) -> waiting.deadlineNanos).thenComparingLong(waiting -> waiting.sequence));

	/** The clients to read, expire or close in this turn of the loop. */
	private final List<Waiting> due = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	private long sequence;

	FirstBytesWaiter() {
		this.loopSelector = new LoopSelector();
		this.selector = this.loopSelector.selector();
		this.thread = new Thread(this::run, "first-bytes");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Whether the calling thread is this waiter's. */
	boolean isCurrentThread() {
		return Thread.currentThread() == this.thread;
	}

	/** Watches {@code connection} (admitted, undecided, blocking mode as accepted) until it is readable or due. */
	void add(FirstBytesConnection connection) {
		connection.waitingWith(this);
		this.incoming.add(connection);
		this.loopSelector.wakeIfAsleep();
		if (!this.running) {
			// Lost the race with close(): nobody is left to watch it.
			drain(this.incoming);
		}
	}

	/** Asked by a thread other than the waiter's to close a waiting connection: done once it is deregistered. */
	void closeLater(FirstBytesConnection connection) {
		this.closeRequests.add(connection);
		this.loopSelector.wakeIfAsleep();
		if (!this.running) {
			drain(this.closeRequests);
		}
	}

	private void run() {
		SharedThreads.enter();
		try {
			while (this.running) {
				long wait = millisUntilFirstDeadline(System.nanoTime());
				this.loopSelector.select(this.workPending, wait);
				registerIncoming();
				collectDue(System.nanoTime());
				if (!this.due.isEmpty()) {
					serveDue();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("first-bytes waiter failed; closing the clients waiting there", ex);
		}
		finally {
			closeAll();
		}
	}

	private void registerIncoming() {
		FirstBytesConnection connection;
		while ((connection = this.incoming.poll()) != null) {
			Waiting waiting = new Waiting(connection, connection.deadlineNanos(), this.sequence++);
			connection.waiting = waiting;
			try {
				connection.channel().configureBlocking(false);
			}
			catch (IOException ex) {
				connection.waiting = null;
				connection.waitFailed(ex);
				continue;
			}
			watch(waiting);
		}
	}

	private void watch(Waiting waiting) {
		try {
			waiting.key = waiting.connection.channel().register(this.selector, SelectionKey.OP_READ, waiting);
		}
		catch (IOException | RuntimeException ex) {
			waiting.connection.waiting = null;
			waiting.connection.waitFailed(ex instanceof IOException io ? io : new IOException(ex));
			return;
		}
		if (waiting.deadlineNanos != Long.MAX_VALUE) {
			this.deadlines.add(waiting);
		}
	}

	/** Readable clients, clients past their deadline and clients to close, each once; their keys cancelled. */
	private void collectDue(long now) {
		Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
		while (keys.hasNext()) {
			SelectionKey key = keys.next();
			keys.remove();
			addDue((Waiting) key.attachment());
		}
		while (!this.deadlines.isEmpty() && this.deadlines.first().deadlineNanos - now <= 0) {
			addDue(this.deadlines.pollFirst());
		}
		FirstBytesConnection connection;
		while ((connection = this.closeRequests.poll()) != null) {
			Waiting waiting = connection.waiting;
			if (waiting == null) {
				// Not watched (any more): decided and handed off, closed, or never registered.
				connection.closeUnlessHandedOff();
				continue;
			}
			waiting.closeRequested = true;
			addDue(waiting);
		}
	}

	private void addDue(Waiting waiting) {
		if (!waiting.due) {
			waiting.due = true;
			waiting.key.cancel();
			this.deadlines.remove(waiting);
			this.due.add(waiting);
		}
	}

	/** Deregisters the due channels (one selectNow for all), then reads and dispatches, or closes, each. */
	private void serveDue() throws IOException {
		this.selector.selectNow();
		// Whatever that select found ready is found again by the next one (level-triggered).
		this.selector.selectedKeys().clear();
		for (Waiting waiting : this.due) {
			waiting.key = null;
			waiting.due = false;
			FirstBytesConnection connection = waiting.connection;
			if (waiting.closeRequested) {
				connection.waiting = null;
				connection.closedWhileWaiting();
			}
			else if (connection.readyOrDue()) {
				watch(waiting);
			}
			else {
				connection.waiting = null;
			}
		}
		this.due.clear();
	}

	/** Milliseconds until the first deadline, rounded up and at least 1 ({@code select(0)} is forever); -1 if none. */
	private long millisUntilFirstDeadline(long now) {
		if (this.deadlines.isEmpty()) {
			return -1;
		}
		return Math.max(1, (this.deadlines.first().deadlineNanos - now + 999_999) / 1_000_000);
	}

	/** Stops the thread and closes the clients still waiting. */
	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(STOP_WAIT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeAll() {
		// Those of a turn cut short by a failure, and those registered.
		Set<Waiting> waiting = new LinkedHashSet<>();
		for (Waiting each : this.due) {
			if (each.connection.waiting == each) {
				waiting.add(each);
			}
		}
		for (SelectionKey key : this.selector.keys()) {
			key.cancel();
			waiting.add((Waiting) key.attachment());
		}
		try {
			this.selector.selectNow();
		}
		catch (IOException | RuntimeException ignored) {
			// closing anyway
		}
		for (Waiting each : waiting) {
			each.connection.waiting = null;
			each.connection.closedWhileWaiting();
		}
		drain(this.incoming);
		drain(this.closeRequests);
		try {
			this.selector.close();
		}
		catch (IOException ignored) {
			// exiting anyway
		}
	}

	/** After the loop has ended: closes what was handed to it since (never registered, so the close is direct). */
	private static void drain(Queue<FirstBytesConnection> queue) {
		FirstBytesConnection connection;
		while ((connection = queue.poll()) != null) {
			connection.waiting = null;
			connection.closedWhileWaiting();
		}
	}

	/** A client as the waiter watches it. Only the waiter's thread touches it. */
	static final class Waiting {

		final FirstBytesConnection connection;

		final long deadlineNanos;

		final long sequence;

		SelectionKey key;

		boolean due;

		boolean closeRequested;

		Waiting(FirstBytesConnection connection, long deadlineNanos, long sequence) {
			this.connection = connection;
			this.deadlineNanos = deadlineNanos;
			this.sequence = sequence;
		}
	}
}
