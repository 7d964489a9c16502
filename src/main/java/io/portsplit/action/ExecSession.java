package io.portsplit.action;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.portsplit.listen.ClientSession;
import io.portsplit.listen.ConnectionEnd;

/**
 * One client wired to one program (SPEC 5.2). Blocking copies, a thread per direction:
 * a program is a process and pipes anyway, so threads are not what limits exec
 * connections, and blocking pipes give backpressure for free (a program that does not
 * read stops portsplit reading its client).
 */
final class ExecSession {

	private static final int CHUNK = 16 * 1024;

	private final ClientSession session;

	private final SocketChannel client;

	private final RunningProgram program;

	private final byte[] firstBytes;

	private final ProgramTerminator terminator;

	private final AtomicLong fromClient = new AtomicLong();

	private final AtomicLong toClient = new AtomicLong();

	private volatile boolean clientGone;

	/** Whether the last byte given to the program left a terminal line unfinished; see {@link RunningProgram#endInput}. */
	private boolean midLine;

	ExecSession(ClientSession session, SocketChannel client, RunningProgram program, byte[] firstBytes,
			ProgramTerminator terminator) {
		this.session = session;
		this.client = client;
		this.program = program;
		this.firstBytes = firstBytes;
		this.terminator = terminator;
	}

	/** Runs until the program has exited and its output has been delivered. */
	void run(Executor executor) {
		executor.execute(this::clientToProgram);
		if (this.program.errors() != null) {
			String service = this.session.decision().serviceName();
			executor.execute(() -> StderrLog.copy(this.program.errors(), service, this.session.id()));
		}
		programToClient();
		int status = waitForExit();
		closeClient();
		String reason = this.clientGone ? "client disconnected, program ended with status " + status
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
			}
			catch (IOException ex) {
				clientGone();
				return;
			}
		}
	}

	private void clientToProgram() {
		try {
			this.program.input().write(this.firstBytes);
			this.program.input().flush();
			this.fromClient.addAndGet(this.firstBytes.length);
			if (this.firstBytes.length > 0) {
				this.midLine = RunningProgram.leavesLineUnfinished(this.firstBytes[this.firstBytes.length - 1]);
			}
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
			while (true) {
				buffer.clear();
				int n;
				try {
					n = this.client.read(buffer);
				}
				catch (ClosedChannelException ex) {
					return;
				}
				catch (IOException ex) {
					clientGone();
					return;
				}
				if (n < 0) {
					this.program.endInput(this.midLine);
					return;
				}
				this.fromClient.addAndGet(n);
				this.program.input().write(buffer.array(), 0, n);
				this.program.input().flush();
				if (n > 0) {
					this.midLine = RunningProgram.leavesLineUnfinished(buffer.get(n - 1));
				}
			}
		}
		catch (IOException ex) {
			// The program closed its input or exited: stop reading the client; the exit ends the session.
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
