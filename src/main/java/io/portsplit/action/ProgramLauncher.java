package io.portsplit.action;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.ProgramLocator;
import io.portsplit.listen.ClientSession;

/**
 * Starts the program of an {@code exec} service, without a shell, with its arguments in
 * file order. Its environment is portsplit's, plus the connection's addresses under the
 * names inetd-style tools (ucspi-tcp) use, so a program can tell who called.
 */
final class ProgramLauncher {

	private static final int PTY_COLUMNS = 80;

	private static final int PTY_ROWS = 24;

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
			PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new)).setEnvironment(full)
				.setRedirectErrorStream(true)
				.start();
			// pty4j applies its initial size only on Windows; a terminal of 0x0 confuses full-screen programs.
			process.setWinSize(new WinSize(PTY_COLUMNS, PTY_ROWS));
			return new RunningProgram(process, process.getInputStream(), process.getOutputStream(), null, true);
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		Process process = builder.start();
		return new RunningProgram(process, process.getInputStream(), process.getOutputStream(),
				process.getErrorStream(), false);
	}

	private static Map<String, String> connectionEnvironment(ClientSession session) {
		Map<String, String> environment = new HashMap<>();
		environment.put("TCPREMOTEIP", session.peer().getAddress().getHostAddress());
		environment.put("TCPREMOTEPORT", Integer.toString(session.peer().getPort()));
		environment.put("TCPLOCALIP", session.bind().address().getHostAddress());
		environment.put("TCPLOCALPORT", Integer.toString(session.bind().port()));
		environment.put("PORTSPLIT_SERVICE", session.decision().serviceName());
		return environment;
	}
}
