package io.portsplit.action;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.UnixPtyProcess;

import io.portsplit.access.IpLiteral;
import io.portsplit.config.ActionSpec;
import io.portsplit.config.ProgramLocator;
import io.portsplit.session.ClientSession;

/**
 * Starts the program of an {@code exec} service, without a shell, with its arguments in
 * file order. Its environment is portsplit's, plus the connection's addresses under the
 * names inetd-style tools (ucspi-tcp) use, so a program can tell who called.
 */
final class ProgramLauncher {

	private static final int PTY_COLUMNS = 80;

	private static final int PTY_ROWS = 24;

	/** The status pty4j's child exits with when execve fails. */
	private static final int EXEC_FAILED = 127;

	/** How long a pty child may take to exec its program; past it, it is taken as running. */
	private static final Duration EXEC_WAIT = Duration.ofSeconds(5);

	private final ProgramLocator locator;

	ProgramLauncher(ProgramLocator locator) {
		this.locator = locator;
	}

	RunningProgram start(ActionSpec.Exec spec, ClientSession session)
			throws IOException, ProgramLocator.ProgramNotFoundException {
		List<String> command = new ArrayList<>();
		command.add(this.locator.locate(spec.program()).toString());
		command.addAll(spec.args());
		Map<String, String> environment = connectionEnvironment(session);
		if (spec.pty()) {
			Map<String, String> full = new HashMap<>(System.getenv());
			full.putAll(environment);
			PtyProcess process = startOnPty(command, full);
			awaitExec(process);
			return new RunningProgram(process, process.getInputStream(), process.getOutputStream(), null, true);
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		Process process = builder.start();
		return new RunningProgram(process, process.getInputStream(), process.getOutputStream(),
				process.getErrorStream(), false);
	}

	/**
	 * Opens the pty and sets its size before the program is forked, then starts the
	 * program on it in a new session, with the pty as its stdin, stdout and stderr: what
	 * pty4j's PtyProcessBuilder does on Linux, except that the builder sets an initial size
	 * only once the child runs (and portsplit could only set it after start() returned),
	 * so a program that asks at once ({@code stty size}, a full-screen program drawing its
	 * first screen) could see 0x0.
	 */
	private static PtyProcess startOnPty(List<String> command, Map<String, String> environment) throws IOException {
		Pty pty = new Pty();
		try {
			pty.setWindowSize(new WinSize(PTY_COLUMNS, PTY_ROWS), null);
			String[] variables = environment.entrySet()
				.stream()
				.map(variable -> variable.getKey() + "=" + variable.getValue())
				.toArray(String[]::new);
			// No working directory (portsplit's), no separate stderr pty, not in console mode (so: setsid).
			return new UnixPtyProcess(command.toArray(String[]::new), variables, null, pty, null, false);
		}
		catch (IOException | RuntimeException ex) {
			pty.close();
			throw ex;
		}
	}

	/**
	 * pty4j forks, then calls execve in the child, and reports an execve that fails there
	 * (a script whose interpreter is missing, a file that is no program) only as exit
	 * status 127 (its exec_pty.c), where the JDK's launcher throws. Until the child has
	 * replaced itself its {@code /proc/PID/cmdline} is still portsplit's own, so this waits
	 * for that to change; a child gone first with status 127 never ran. (A program that
	 * does run and exits with 127 within a millisecond is reported the same way.)
	 * Without {@code /proc} it cannot tell and returns at once.
	 */
	private static void awaitExec(PtyProcess process) throws IOException {
		byte[] own = read(Path.of("/proc/self/cmdline"));
		if (own == null) {
			return;
		}
		Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
		long deadline = System.nanoTime() + EXEC_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			byte[] current = read(cmdline);
			if (current != null && current.length > 0 && !Arrays.equals(current, own)) {
				return;
			}
			if (!process.isAlive()) {
				if (process.exitValue() == EXEC_FAILED) {
					closeQuietly(process);
					throw new IOException("execve failed (exit status " + EXEC_FAILED
							+ " before the program ran: a missing script interpreter, or not a program)");
				}
				return;
			}
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static byte[] read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void closeQuietly(PtyProcess process) {
		try {
			process.getInputStream().close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
	}

	private static Map<String, String> connectionEnvironment(ClientSession session) {
		Map<String, String> environment = new HashMap<>();
		environment.put("PROTO", "TCP");
		// The client a trusted proxy's header named, and what it connected to, where there was one.
		environment.put("TCPREMOTEIP", IpLiteral.format(session.client().getAddress()));
		environment.put("TCPREMOTEPORT", Integer.toString(session.client().getPort()));
		environment.put("TCPLOCALIP", IpLiteral.format(session.destination().getAddress()));
		environment.put("TCPLOCALPORT", Integer.toString(session.destination().getPort()));
		environment.put("PORTSPLIT_SERVICE", session.decision().serviceName());
		return environment;
	}
}
