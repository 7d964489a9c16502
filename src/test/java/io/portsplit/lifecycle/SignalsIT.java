package io.portsplit.lifecycle;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.IgnoredHangup;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Signals and lifecycle" signals on the packaged jar: SIGTERM and SIGINT stop listening, close the open
 * connections, end the programs, remove the pid file and exit 0; more signals during the
 * stop change nothing; a SIGHUP is a reload from the moment the pid file exists.
 */
class SignalsIT extends PortsplitTestBase {

	/** A program that ignores SIGHUP, so that a stop has to wait out the grace period and SIGKILL it. */
	private static final String STUBBORN_PROGRAM = "[stubborn]\nstring = SLOW\nexec = /bin/sh\nexecarg = -c\n"
			+ "execarg = trap '' HUP; echo ready; exec cat\n";

	private TestBackend backend;

	private PortsplitProcess daemon;

	/** The packaged jar on {@code config}, which names {@code pid}, with the grace that a stubborn program waits out. */
	private PortsplitProcess start(String config, Path pid) throws Exception {
		return launch(config).pidFile(pid).hangupGrace(Waits.HANGUP_GRACE).daemon();
	}

	@ParameterizedTest(name = "SIG{0}")
	@ValueSource(strings = { "TERM", "INT" })
	void stopClosesEverythingRemovesThePidFileAndExitsZero(String signal) throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = start(ConfigFiles.bind(port) + "timeout = 0\n" + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO") + "[cat]\nstring = CAT\nexec = /bin/cat\n", pid);

		Socket relayed = open(port);
		relayed.getOutputStream().write(Clients.ascii("HELLO"));
		assertThat(Clients.text(Clients.readExactly(relayed, 7))).isEqualTo("b:HELLO");
		TestBackend.Connection backendSide = this.backend.nextConnection(Waits.EFFECT);
		Socket program = open(port);
		program.getOutputStream().write(Clients.ascii("CAT\n"));
		assertThat(Clients.text(Clients.readExactly(program, 4))).isEqualTo("CAT\n");
		List<ProcessHandle> children = children();
		assertThat(children).isNotEmpty();
		// Undecided: a prefix of HELLO, and no timeout to decide it.
		Socket undecided = open(port);
		undecided.getOutputStream().write(Clients.ascii("HE"));

		assertThat(this.daemon.stopWith(signal)).isZero();

		assertThat(pid).doesNotExist();
		assertThat(Probes.isRefused(port)).isTrue();
		for (Socket client : List.of(relayed, program, undecided)) {
			Probes.readUntilClosed(client);
		}
		backendSide.awaitOutcome(Waits.EFFECT);
		assertAllEnded(children);
		// Closed by portsplit itself as it stopped, not only by the end of the process.
		assertThat(this.daemon.stdoutLines(line -> line.contains("ended:") && line.contains("portsplit is stopping")))
			.isNotEmpty();
	}

	@Test
	void moreStopSignalsDuringTheStopStillEndWithExitZero() throws Exception {
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = start(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + STUBBORN_PROGRAM, pid);
		List<ProcessHandle> children = startStubbornProgram(port);

		this.daemon.signal("TERM");
		awaitLine("stopping");
		// The stop now waits out the program's grace period: these land during it.
		this.daemon.signalIfAlive("TERM");
		this.daemon.signalIfAlive("INT");
		this.daemon.signalIfAlive("TERM");

		assertThat(this.daemon.awaitExit(Waits.SIGNAL)).isZero();
		assertThat(pid).doesNotExist();
		assertThat(Probes.isRefused(port)).isTrue();
		assertAllEnded(children);
	}

	@Test
	void sighupDuringTheStopNeitherListensAgainNorLeavesThePidFile() throws Exception {
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = start(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + STUBBORN_PROGRAM, pid);
		List<ProcessHandle> children = startStubbornProgram(port);

		this.daemon.signal("TERM");
		awaitLine("stopping");
		this.daemon.signalIfAlive("HUP");
		this.daemon.signalIfAlive("HUP");

		assertThat(this.daemon.awaitExit(Waits.SIGNAL)).isZero();
		assertThat(pid).doesNotExist();
		assertThat(Probes.isRefused(port)).isTrue();
		assertAllEnded(children);
		assertThat(this.daemon.stdoutLines(line -> line.contains("reloaded "))).isEmpty();
	}

	@Test
	void sighupAsSoonAsThePidFileExistsIsAReload() throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO")).pidFile(pid).start();
		this.daemon.awaitReady(Duration.ofMillis(1));

		this.daemon.reload();

		assertThat(this.daemon.isAlive()).isTrue();
		assertThat(Probes.request(port, "HELLO")).isEqualTo("b:HELLO");
		assertThat(this.daemon.stopWith("TERM")).isZero();
		assertThat(pid).doesNotExist();
	}

	/** The JVM as started, with options of the operator's (the test's); DaemonJvmIT has the plain form's switch. */
	@Test
	void aSighupIgnoredByWhateverStartedPortsplitStaysIgnoredAndTheLogSaysSoOnceStarted() throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO"))
			.under(IgnoredHangup.wrapper())
			.pidFile(pid)
			.daemon();

		IgnoredHangup.assertStaysIgnored(this.daemon, port, "HELLO", "b:HELLO");
	}

	/** Starts the stubborn program through a client and returns its processes. */
	private List<ProcessHandle> startStubbornProgram(int port) throws Exception {
		Socket client = open(port);
		client.getOutputStream().write(Clients.ascii("SLOW\n"));
		assertThat(Clients.text(Clients.readExactly(client, 6))).isEqualTo("ready\n");
		List<ProcessHandle> children = children();
		assertThat(children).isNotEmpty();
		return children;
	}

	/** The daemon's child processes, once there is at least one. */
	private List<ProcessHandle> children() {
		return Awaitility.await()
			.atMost(Waits.EFFECT)
			.until(() -> ProcessHandle.of(this.daemon.pid()).map(h -> h.descendants().toList()).orElse(List.of()),
					list -> !list.isEmpty());
	}

	private static void assertAllEnded(List<ProcessHandle> processes) throws Exception {
		for (ProcessHandle process : processes) {
			process.onExit().get(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(process.isAlive()).as("process %d", process.pid()).isFalse();
		}
	}

	private void awaitLine(String text) {
		this.daemon.awaitStdoutLine(line -> line.contains(text), Waits.SIGNAL);
	}

	private Socket open(int port) throws IOException {
		return closeLater(Clients.connect(port));
	}
}
