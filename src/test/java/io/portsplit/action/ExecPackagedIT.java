package io.portsplit.action;

import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Transcript;
import io.portsplit.support.Waits;

import static io.portsplit.support.ExecServices.exec;
import static io.portsplit.support.ExecServices.execOnPty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Actions" (exec) and "Signals and lifecycle" on the packaged jar, as an operator runs it: signals to portsplit itself,
 * pty4j's native code loaded from inside the Boot jar, and stderr in portsplit's log.
 */
class ExecPackagedIT extends PortsplitTestBase {

	private PortsplitProcess portsplit;

	private int start(String services) throws Exception {
		int port = FreePorts.ipv4();
		Path pidFile = this.dir.resolve("portsplit.pid");
		this.portsplit = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pidFile) + services).pidFile(pidFile)
			.hangupGrace(Waits.HANGUP_GRACE)
			.daemon();
		return port;
	}

	/**
	 * A program that ignores SIGHUP, with a child that inherits that: SIGTERM or SIGINT to
	 * portsplit still ends both (SIGKILL after the grace period), and portsplit exits 0.
	 */
	@ParameterizedTest(name = "SIG{0}, {1}")
	@CsvSource({ "TERM, PIPES", "INT, PTY" })
	void stoppingPortsplitLeavesNoProgramBehindEvenOneIgnoringSighup(String signal, Stdio stdio) throws Exception {
		int port = start(stdio.service("hold", "HOLD", "/bin/sh", "-c",
				"trap '' HUP; sleep 600 & echo \"pids=$$ $!\"; wait"));
		try (Socket socket = Clients.connect(port)) {
			socket.getOutputStream().write(Clients.ascii("HOLD"));
			Transcript transcript = new Transcript(socket);
			Matcher pids = transcript.await(Pattern.compile("pids=(\\d+) (\\d+)"), Waits.EFFECT);
			long program = Long.parseLong(pids.group(1));
			long child = Long.parseLong(pids.group(2));
			track(program);
			track(child);
			assertThat(ChildProcesses.isRunning(program)).isTrue();
			assertThat(ChildProcesses.isRunning(child)).isTrue();

			this.portsplit.signal(signal);

			assertThat(this.portsplit.awaitExit(Waits.SIGNAL)).as(this.portsplit.output()).isZero();
			ChildProcesses.awaitGone(program, Waits.EFFECT);
			ChildProcesses.awaitGone(child, Waits.EFFECT);
			try {
				transcript.readToEnd(Waits.EFFECT);
			}
			catch (SocketException reset) {
				// closed while stopping; an end is an end
			}
		}
	}

	@Test
	void thePackagedJarRunsProgramsOnAPtyAndLogsStderrTaggedWithTheService() throws Exception {
		int port = start(execOnPty("tty", "TTY", "/bin/sh", "-c", "tty; stty size")
				+ exec("err", "ERR", "/bin/sh", "-c", "echo out; echo 'complaint on stderr' >&2"));
		try (Socket socket = Clients.connect(port)) {
			socket.getOutputStream().write(Clients.ascii("TTY"));
			assertThat(Stdio.PTY.withoutEcho(new Transcript(socket).readToEnd(Waits.EFFECT), "TTY"))
				.matches("/dev/pts/\\d+\r\n24 80\r\n");
		}
		assertThat(Clients.exchange(port, "ERR")).isEqualTo("out\n");
		this.portsplit.awaitStdoutLine(line -> line.matches(".*portsplit\\.exec .*\\[err\\] c\\d+ stderr: complaint on stderr$"),
				Waits.EFFECT);
		this.portsplit.signal("TERM");
		assertThat(this.portsplit.awaitExit(Waits.SIGNAL)).as(this.portsplit.output()).isZero();
	}
}
