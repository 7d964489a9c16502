package io.portsplit.action;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.ProgramLocator;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.RoutedConnection;
import io.portsplit.threads.SharedThreads;
import io.portsplit.threads.TaskThreads;

/**
 * The process-exec service: starts the service's program and wires the client
 * to it, on a thread of the connection's own (never on a shared accept or waiter
 * thread), which stays with the connection until the program exits; one more thread
 * copies the other way.
 */
final class ExecAction implements MessageHandler, AutoCloseable {

	private final ProgramLauncher launcher;

	private final TaskThreads threads;

	private final ProgramTerminator terminator;

	private final Set<Process> running = ConcurrentHashMap.newKeySet();

	ExecAction(ProgramLocator locator, TaskThreads threads, ProgramTerminator terminator) {
		this.launcher = new ProgramLauncher(locator);
		this.threads = threads;
		this.terminator = terminator;
	}

	@Override
	public void handleMessage(Message<?> message) {
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		ClientSession session = routed.session();
		ActionSpec.Exec spec = (ActionSpec.Exec) routed.decision().service().orElseThrow().action();
		SocketChannel client = session.takeChannel();
		if (SharedThreads.isCurrent()) {
			// Starting a program forks and this thread then serves it until it exits: never on a shared thread.
			this.threads.execute("exec " + session.id(), () -> serve(routed, session, spec, client));
			return;
		}
		serve(routed, session, spec, client);
	}

	private void serve(RoutedConnection routed, ClientSession session, ActionSpec.Exec spec, SocketChannel client) {
		try {
			// ExecSession copies with blocking reads and writes; a client that waited for its first bytes in the
			// FirstBytesWaiter comes non-blocking (a no-op for one decided on its accept thread).
			client.configureBlocking(true);
		}
		catch (IOException ex) {
			session.end(new ConnectionEnd(routed.firstBytes().length, 0, "client error: " + ex.getMessage(),
					ConnectionEnd.Failure.CLIENT_ERROR));
			return;
		}
		RunningProgram program;
		try {
			program = this.launcher.start(spec, session);
		}
		catch (IOException | ProgramLocator.ProgramNotFoundException | RuntimeException ex) {
			session.end(new ConnectionEnd(routed.firstBytes().length, 0,
					"cannot start " + spec.program() + ": " + ex.getMessage(), ConnectionEnd.Failure.EXEC));
			return;
		}
		this.running.add(program.process());
		try {
			new ExecSession(session, client, program, routed.firstBytes(), this.terminator,
					routed.decision().service().orElseThrow().policy().idleTimeout()).run(this.threads);
		}
		finally {
			this.running.remove(program.process());
		}
	}

	/** Number of programs running now. */
	int running() {
		return this.running.size();
	}

	/** No program is left behind when portsplit stops. */
	@Override
	public void close() {
		this.terminator.hangUpAndWait(List.copyOf(this.running));
		this.terminator.close();
	}
}
