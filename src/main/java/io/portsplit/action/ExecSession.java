package io.portsplit.action;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.threads.TaskThreads;

/**
 * One client wired to one program. Blocking copies, a thread per direction:
 * a program is a process and pipes anyway, so threads are not what limits exec
 * connections, and blocking pipes give backpressure for free (a program that does not
 * read stops portsplit reading its client).
 */
final class ExecSession {

	private static final int CHUNK = 16 * 1024;

	/** How long a client may take to close its side once the program's output has ended. */
	static final Duration LINGER = Duration.ofSeconds(2);

	/** How long the input copy may take to stop once the client's socket is closed. */
	private static final Duration INPUT_STOP = Duration.ofSeconds(2);

	private final ClientSession session;

	private final SocketChannel client;

	private final RunningProgram program;

	private final byte[] firstBytes;

	private final ProgramTerminator terminator;

	private final AtomicLong fromClient = new AtomicLong();

	private final AtomicLong toClient = new AtomicLong();

	private final CountDownLatch inputDone = new CountDownLatch(1);

	private volatile boolean clientGone;

	/** Whether the last byte given to the program left a terminal line unfinished; see {@link RunningProgram#endInput}. */
	private boolean midLine;

	/** How long nothing may move in either direction; 0 for ever. */
	private final long idleNanos;

	/** When a byte last moved either way. */
	private volatile long lastActivityNanos = System.nanoTime();

	private volatile boolean idled;

	ExecSession(ClientSession session, SocketChannel client, RunningProgram program, byte[] firstBytes,
			ProgramTerminator terminator, Duration idleTimeout) {
		this.session = session;
		this.client = client;
		this.program = program;
		this.firstBytes = firstBytes;
		this.terminator = terminator;
		this.idleNanos = idleTimeout.toNanos();
	}

	/** Runs until the program has exited and its output has been delivered. */
	void run(TaskThreads threads) {
		// Checked once a second on the terminator's timer: no thread of its own, a timestamp per copy.
		ScheduledFuture<?> idleCheck = (this.idleNanos > 0) ? this.terminator.everySecond(this::closeIfIdle) : null;
		try {
			serve(threads);
		}
		finally {
			if (idleCheck != null) {
				idleCheck.cancel(false);
			}
		}
	}

	private void serve(TaskThreads threads) {
		threads.execute("exec-in " + this.session.id(), this::clientToProgram);
		if (this.program.errors() != null) {
			String service = this.session.decision().serviceName();
			threads.execute("exec-err " + this.session.id(),
					() -> StderrLog.copy(this.program.errors(), service, this.session.id()));
		}
		programToClient();
		int status = waitForExit();
		// Whose end it was is settled now: a client that resets during the linger below comes after the exit.
		boolean disconnected = this.clientGone;
		if (!disconnected) {
			lingerForClient();
		}
		closeClient();
		if (await(this.inputDone, INPUT_STOP)) {
			closeProgram();
		}
		String reason = this.idled
				? "idle for " + (this.idleNanos / 1_000_000_000L) + " s, program ended with status " + status
				: disconnected ? "client disconnected, program ended with status " + status
						: "program exited with status " + status;
		this.session.end(ConnectionEnd.of(this.fromClient.get(), this.toClient.get(), reason));
	}

	private void programToClient() {
		byte[] buffer = new byte[CHUNK];
		while (true) {
			int n;
			try {
				n = this.program.output().read(buffer);
			}
			catch (IOException ex) {
				// A pty reports the end of its program as an I/O error rather than end-of-file.
				return;
			}
			if (n < 0) {
				return;
			}
			try {
				ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
				while (data.hasRemaining()) {
					this.client.write(data);
				}
				this.toClient.addAndGet(n);
				this.lastActivityNanos = System.nanoTime();
			}
			catch (IOException ex) {
				clientGone();
				return;
			}
		}
	}

	private void clientToProgram() {
		try {
			this.fromClient.addAndGet(this.firstBytes.length);
			boolean programReads = give(this.firstBytes, this.firstBytes.length);
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
			while (true) {
				buffer.clear();
				int n;
				try {
					n = this.client.read(buffer);
				}
				catch (ClosedChannelException ex) {
					return; // closed by run(): the session is over
				}
				catch (IOException ex) {
					clientGone();
					return;
				}
				if (n < 0) {
					if (programReads) {
						endInput();
					}
					return;
				}
				this.fromClient.addAndGet(n);
				this.lastActivityNanos = System.nanoTime();
				if (programReads) {
					programReads = give(buffer.array(), n);
				}
				// Else the program takes no more input (it closed stdin, or exited). What the client
				// still sends is dropped, but read: unread input would turn the final close into a reset.
			}
		}
		finally {
			this.inputDone.countDown();
		}
	}

	/** Writes to the program's input; false once it takes no more (closed its stdin, or exited). */
	private boolean give(byte[] data, int length) {
		if (length == 0) {
			return true;
		}
		try {
			this.program.input().write(data, 0, length);
			this.program.input().flush();
		}
		catch (IOException ex) {
			return false;
		}
		this.midLine = RunningProgram.leavesLineUnfinished(data[length - 1]);
		return true;
	}

	private void endInput() {
		try {
			this.program.endInput(this.midLine);
		}
		catch (IOException ex) {
			// the program has exited already: it reads nothing more anyway
		}
	}

	/**
	 * The orderly end of a connection whose program has exited: the end of stream goes out
	 * after all of the program's output, then the client has a moment to close its side,
	 * while the input copy drops whatever it still sends. Closing at once with client
	 * input unread would make the kernel send a reset instead, and drop the output still
	 * queued for the client.
	 */
	private void lingerForClient() {
		try {
			this.client.shutdownOutput();
		}
		catch (IOException ex) {
			return; // the client is gone: nothing left to deliver
		}
		await(this.inputDone, LINGER);
	}

	/**
	 * Frees the program's ends: the JDK closes a pipe when its process exits, but a pty
	 * keeps its master (and pty4j's wake-up pipe) open until one of its streams is closed.
	 * Only once the input copy has stopped, so that no write can reach a reused descriptor.
	 */
	private void closeProgram() {
		try {
			this.program.input().close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
		try {
			this.program.output().close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
	}

	private static boolean await(CountDownLatch latch, Duration timeout) {
		try {
			return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return latch.getCount() == 0;
		}
	}

	/** Ends a connection where nothing has moved for the idle limit: as a client that went away. */
	private void closeIfIdle() {
		if (!this.idled && System.nanoTime() - this.lastActivityNanos >= this.idleNanos) {
			this.idled = true;
			clientGone();
			closeClient();
		}
	}

	private void clientGone() {
		if (!this.clientGone) {
			this.clientGone = true;
			this.terminator.hangUp(this.program.process());
		}
	}

	private int waitForExit() {
		try {
			return this.program.process().waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void closeClient() {
		try {
			this.client.close();
		}
		catch (IOException ignored) {
			// already gone
		}
	}
}
