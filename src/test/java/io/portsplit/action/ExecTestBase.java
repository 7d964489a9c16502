package io.portsplit.action;

import java.io.IOException;
import java.net.Socket;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.LogCapture;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.Transcript;
import io.portsplit.support.Waits;

/**
 * An in-process portsplit on one loopback port for exec tests, with its connection and exec
 * logs captured, and every program a test learns the pid of killed afterwards, so that a
 * failed test leaves no child behind.
 */
abstract class ExecTestBase extends PortsplitTestBase {

	/** The {@code pid=N} line the test programs print first. */
	static final Pattern PID = Pattern.compile("pid=(\\d+)");

	RunningPortsplit portsplit;

	LogCapture connectionLog;

	LogCapture execLog;

	int port;

	/** Starts portsplit on {@code configuration} after a bind line, with the SIGHUP grace that tests wait out. */
	void start(String configuration) throws Exception {
		this.port = FreePorts.ipv4();
		this.portsplit = launch(ConfigFiles.bind(this.port) + configuration).hangupGrace(Waits.HANGUP_GRACE)
			.inProcess();
		this.connectionLog = closeLater(LogCapture.of("portsplit.connections", Level.INFO));
		this.execLog = closeLater(LogCapture.of("portsplit.exec", Level.INFO));
	}

	/** Connects, sends {@code firstBytes} and leaves the connection open for reading; closing the transcript closes it. */
	Transcript conversation(String firstBytes) throws IOException {
		Socket socket = Clients.connect(this.port);
		socket.getOutputStream().write(Clients.ascii(firstBytes));
		return new Transcript(socket);
	}

	/** Reads the {@code pid=N} line and tracks N for cleanup. */
	long pid(Transcript transcript) throws IOException {
		return track(Long.parseLong(transcript.await(PID, Waits.EFFECT).group(1)));
	}
}
