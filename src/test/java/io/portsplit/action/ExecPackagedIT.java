package io.portsplit.action;

import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.Transcript;

import static io.portsplit.support.ExecServices.exec;
import static io.portsplit.support.ExecServices.execOnPty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Actions" (exec) and "Signals and lifecycle" on the packaged jar, as an operator runs it: signals to portsplit itself,
 * pty4j's native code loaded from inside the Boot jar, and stderr in portsplit's log.
 */
class ExecPackagedIT {

	/** Generous: a JVM start on a shared machine. */
	static final Duration START = Duration.ofSeconds(90);

	static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private final ChildProcesses children = new ChildProcesses();

	private PortsplitProcess portsplit;

	@AfterEach
	void stop() throws Exception {
		try {
			if (this.portsplit != null) {
				this.portsplit.close();
			}
		}
		finally {
			this.children.close();
		}
	}

	private int start(String services) throws Exception {
		int port = FreePorts.ipv4();
		Path pidFile = this.dir.resolve("portsplit.pid");
		Path config = ConfigFiles.write(this.dir, ConfigFiles.bind(port) + "pid = " + pidFile + "\n" + services);
		this.portsplit = PortsplitProcess.daemon(this.dir, "--config=" + config);
		this.portsplit.awaitFile(pidFile, START);
		return port;
	}

	/**
	 * A program that ignores SIGHUP, with a child that inherits that: SIGTERM or SIGINT to
	 * portsplit still ends both (SIGKILL after the grace period), and portsplit exits 0.
	 */
	@ParameterizedTest(name = "SIG{0}, pty {1}")
	@CsvSource({ "TERM, false", "INT, true" })
	void stoppingPortsplitLeavesNoProgramBehindEvenOneIgnoringSighup(String signal, boolean pty) throws Exception {
		String script = "trap '' HUP; sleep 600 & echo \"pids=$$ $!\"; wait";
		int port = start(pty ? execOnPty("hold", "HOLD", "/bin/sh", "-c", script)
				: exec("hold", "HOLD", "/bin/sh", "-c", script));
		try (Socket socket = Clients.connect(port)) {
			socket.getOutputStream().write(Clients.ascii("HOLD"));
			Transcript transcript = new Transcript(socket);
			Matcher pids = transcript.await(Pattern.compile("pids=(\\d+) (\\d+)"), WAIT);
			long program = Long.parseLong(pids.group(1));
			long child = Long.parseLong(pids.group(2));
			this.children.track(program);
			this.children.track(child);
			assertThat(ChildProcesses.isRunning(program)).isTrue();
			assertThat(ChildProcesses.isRunning(child)).isTrue();

			this.portsplit.signal(signal);

			assertThat(this.portsplit.awaitExit(WAIT)).as(this.portsplit.output()).isZero();
			ChildProcesses.awaitGone(program, WAIT);
			ChildProcesses.awaitGone(child, WAIT);
			try {
				transcript.readToEnd(WAIT);
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
			assertThat(ExecPtyTest.withoutEcho(new Transcript(socket).readToEnd(WAIT), "TTY"))
				.matches("/dev/pts/\\d+\r\n24 80\r\n");
		}
		assertThat(Clients.exchange(port, "ERR")).isEqualTo("out\n");
		this.portsplit.awaitStdoutLine(line -> line.matches(".*portsplit\\.exec .*\\[err\\] c\\d+ stderr: complaint on stderr$"),
				WAIT);
		this.portsplit.signal("TERM");
		assertThat(this.portsplit.awaitExit(WAIT)).as(this.portsplit.output()).isZero();
	}
}
