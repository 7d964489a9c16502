package io.portsplit.action;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.LogCapture;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.Transcript;

/**
 * An in-process portsplit on one loopback port for exec tests, with its connection and
 * exec logs captured, and every program a test learns the pid of killed afterwards, so
 * that a failed test leaves no child behind.
 */
abstract class ExecTestBase {

	/** Generous: the machine is shared, and none of these waits is what a test measures. */
	static final Duration WAIT = Duration.ofSeconds(30);

	/** How long a program has after SIGHUP before SIGKILL, set explicitly for these tests. */
	static final Duration GRACE = Duration.ofSeconds(2);

	/** The {@code pid=N} line the test programs print first. */
	static final Pattern PID = Pattern.compile("pid=(\\d+)");

	@TempDir
	Path dir;

	final ChildProcesses children = new ChildProcesses();

	RunningPortsplit portsplit;

	LogCapture connectionLog;

	LogCapture execLog;

	int port;

	@AfterEach
	void stop() {
		try {
			if (this.portsplit != null) {
				this.portsplit.close();
			}
		}
		finally {
			if (this.connectionLog != null) {
				this.connectionLog.close();
				this.execLog.close();
			}
			this.children.close();
		}
	}

	void start(String configuration) throws Exception {
		this.port = FreePorts.ipv4();
		this.portsplit = RunningPortsplit.start(ConfigFiles.write(this.dir, ConfigFiles.bind(this.port) + configuration),
				"--portsplit.exec.hangup-grace=" + GRACE.toMillis() + "ms");
		this.connectionLog = LogCapture.of("portsplit.connections", Level.INFO);
		this.execLog = LogCapture.of("portsplit.exec", Level.INFO);
	}

	/** Connects, sends {@code firstBytes} and leaves the connection open for reading; closing the transcript closes it. */
	Transcript conversation(String firstBytes) throws IOException {
		Socket socket = Clients.connect(this.port);
		socket.getOutputStream().write(Clients.ascii(firstBytes));
		return new Transcript(socket);
	}

	/** Reads the {@code pid=N} line and tracks N for cleanup. */
	long pid(Transcript transcript) throws IOException {
		long pid = Long.parseLong(transcript.await(PID, WAIT).group(1));
		this.children.track(pid);
		return pid;
	}
}
