package io.portsplit.lifecycle;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Launch;
import io.portsplit.support.ManagementHttp;
import io.portsplit.support.NotifySocket;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an orchestrator and systemd are told, on the packaged jar: under a real
 * {@code NOTIFY_SOCKET}, READY=1 once the whole start is over, RELOADING=1 and READY=1 around
 * a reload (a failed one in STATUS), STOPPING=1 at stop; readiness UP with the state "serving"
 * once it serves.
 */
class ReadinessIT extends PortsplitTestBase {

	/**
	 * @param plain the operator's {@code java -jar} with no JVM option, as the unit runs it: the JVM
	 * switch replaces the process (execve), and the daemon it becomes notifies from the same pid
	 */
	@ParameterizedTest(name = "plain java -jar: {0}")
	@ValueSource(booleans = { false, true })
	void systemdIsToldReadyReloadingReadyAndStopping(boolean plain) throws Exception {
		Assumptions.assumeTrue(libsystemd(), "no libsystemd.so.0 (Debian's libsystemd0, which .ci/run installs): "
				+ "portsplit has no sd_notify to call here");
		TestBackend web = backend("web");
		int port = FreePorts.ipv4();
		int management = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		// Short: sockaddr_un holds 107 bytes, and the test directory's path may be long.
		Path socketPath = Path.of("/tmp", "portsplit-notify-" + ProcessHandle.current().pid() + "-" + port + ".sock");
		String config = ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + "management = 127.0.0.1:" + management + "\n"
				+ ConfigFiles.connectService("web", web, "GET");
		try (NotifySocket notify = closeLater(NotifySocket.bind(socketPath))) {
			Launch launch = launch(config).pidFile(pid).exactly();
			if (plain) {
				// The cache off: no training child beside the daemon.
				launch.jvmOptions().under("env", "NOTIFY_SOCKET=" + socketPath, "PORTSPLIT_CACHE=off");
			}
			else {
				launch.under("env", "NOTIFY_SOCKET=" + socketPath);
			}
			PortsplitProcess portsplit = launch.start();
			NotifySocket.Datagram ready = notify.datagramUntil("READY=1", Waits.START);
			assertThat(ready).as(portsplit.output()).isNotNull();
			assertThat(ready.text()).endsWith("STATUS=serving");
			// systemd heeds the main process only (NotifyAccess=main): the one it started, whatever the switch did.
			assertThat(ready.senderPid()).isEqualTo(portsplit.pid());
			if (plain) {
				List<String> command = List.of(
						Files.readString(Path.of("/proc", Long.toString(portsplit.pid()), "cmdline")).split("\0"));
				assertThat(command.indexOf("-jar")).as("the same pid, now the daemon's JVM with its options: " + command)
					.isGreaterThan(1);
			}
			// Ready means the whole start is over: the management server answers at once, readiness UP...
			HttpResponse<String> readiness = new ManagementHttp(management).get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(readiness.body(), "$.components.portsplit.details.state")).isEqualTo("serving");
			// ...and a client connecting now is routed now.
			assertThat(Clients.exchange(port, "GET /")).isEqualTo("web:GET /");

			// A reload that fails: serving again on the running file, and systemctl status says why.
			ConfigFiles.overwrite(portsplit.configFile(), config + "[broken]\nstring = GET\n");
			portsplit.signal("HUP");
			assertThat(notify.receiveUntil("RELOADING=1", Waits.SIGNAL)).isNotNull().containsPattern("MONOTONIC_USEC=\\d+");
			assertThat(notify.receiveUntil("READY=1", Waits.SIGNAL)).isNotNull()
				.contains("STATUS=serving; reload failed: " + portsplit.configFile() + ":");
			assertThat(Clients.exchange(port, "GET /")).isEqualTo("web:GET /");

			ConfigFiles.overwrite(portsplit.configFile(), config);
			portsplit.signal("HUP");
			String reloading = notify.receiveUntil("RELOADING=1", Waits.SIGNAL);
			assertThat(reloading).isNotNull().containsPattern("MONOTONIC_USEC=\\d+");
			assertThat(notify.receiveUntil("READY=1", Waits.SIGNAL)).isNotNull().endsWith("STATUS=serving");

			portsplit.signal("TERM");
			NotifySocket.Datagram stopping = notify.datagramUntil("STOPPING=1", Waits.SIGNAL);
			assertThat(stopping).isNotNull();
			assertThat(stopping.senderPid()).isEqualTo(portsplit.pid());
			assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
		}
		finally {
			Files.deleteIfExists(socketPath);
		}
	}

	/** The stand-in for systemd reads a datagram of systemd's own sender, and who sent it, as systemd would. */
	@Test
	void theTestsNotifySocketReadsWhatSystemdNotifySends() throws Exception {
		Path tool = Path.of("/usr/bin/systemd-notify");
		Assumptions.assumeTrue(Files.isExecutable(tool), "no " + tool + " (Debian's systemd package)");
		Path socketPath = Path.of("/tmp", "portsplit-notify-" + ProcessHandle.current().pid() + "-tool.sock");
		try (NotifySocket notify = closeLater(NotifySocket.bind(socketPath))) {
			// --no-block: no barrier, which only systemd itself would answer.
			ProcessBuilder builder = new ProcessBuilder(tool.toString(), "--ready", "--no-block", "--status=serving")
				.redirectErrorStream(true);
			builder.environment().put("NOTIFY_SOCKET", socketPath.toString());
			Process sender = builder.start();
			try {
				NotifySocket.Datagram ready = notify.datagramUntil("READY=1", Waits.EFFECT);
				assertThat(ready).isNotNull();
				assertThat(ready.text()).containsPattern("(?m)^READY=1$").containsPattern("(?m)^STATUS=serving$");
				// systemd-notify speaks for its parent, the service's own process, unless given --pid.
				assertThat(ready.senderPid()).isEqualTo(ProcessHandle.current().pid());
				assertThat(sender.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			}
			finally {
				sender.destroyForcibly();
			}
		}
		finally {
			Files.deleteIfExists(socketPath);
		}
	}

	@Test
	void aSilentClientOfTheFirstMomentGetsItsTimeoutBannerInTime() throws Exception {
		// A backend that speaks first, behind [timeout]: the classic SSH-behind-a-multiplexer case.
		TestBackend banner = backend(connection -> {
			connection.out().write(Clients.ascii("SSH-2.0-banner\r\n"));
			connection.out().flush();
			connection.readUntilEof();
		});
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		// Longer than listening-to-serving on a busy machine (1-3 s with the tests' JVM options): the banner
		// within timeout + 0.5 s shows the timeout counts from the handshake; from the accept, it would come
		// that much later.
		Duration timeout = Duration.ofSeconds(5);
		String config = ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + "timeout = " + timeout.toSeconds() + "\n"
				+ "[http]\nstring = GET\nconnect = 127.0.0.1:1\n[timeout]\nconnect = " + banner.target() + "\n";
		PortsplitProcess portsplit = launch(config).pidFile(pid).start();
		// The moment the port listens (before portsplit serves): connect and say nothing.
		Socket client = null;
		long deadline = System.nanoTime() + Waits.START.toNanos();
		while (client == null && System.nanoTime() < deadline) {
			portsplit.assertAlive();
			try {
				client = Clients.connect(port);
			}
			catch (java.net.ConnectException ex) {
				Thread.onSpinWait();
			}
		}
		assertThat(client).as("the port listens").isNotNull();
		long connected = System.nanoTime();
		try (Socket silent = closeLater(client)) {
			silent.setSoTimeout((int) Waits.START.toMillis());
			byte[] banner1 = Clients.readExactly(silent, "SSH-2.0-banner\r\n".length());
			long waited = System.nanoTime() - connected;
			assertThat(Clients.text(banner1)).isEqualTo("SSH-2.0-banner\r\n");
			assertThat(Duration.ofNanos(waited)).as("timeout + 0.5 s from the connect").isLessThan(timeout.plusMillis(500));
		}
	}

	@Test
	void twoInstancesWithTwoFilesRunSideBySideEachWithItsManagementPort() throws Exception {
		TestBackend web = backend("web");
		PortsplitProcess[] instances = new PortsplitProcess[2];
		int[] ports = new int[2];
		int[] managements = new int[2];
		for (int i = 0; i < 2; i++) {
			ports[i] = FreePorts.ipv4();
			managements[i] = FreePorts.ipv4();
			Path pid = this.dir.resolve("portsplit-" + i + ".pid");
			Path file = this.dir.resolve("instance-" + i + ".conf");
			ConfigFiles.overwrite(file, ConfigFiles.bind(ports[i]) + ConfigFiles.pidLine(pid) + "management = 127.0.0.1:"
					+ managements[i] + "\n" + ConfigFiles.connectService("web", web, "GET"));
			// As an operator runs them: no management port on the command line, each file says where.
			instances[i] = launch(file).pidFile(pid).exactly().daemon();
		}
		for (int i = 0; i < 2; i++) {
			assertThat(Clients.exchange(ports[i], "GET " + i)).isEqualTo("web:GET " + i);
			HttpResponse<String> health = new ManagementHttp(managements[i]).awaitReady().get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<java.util.Map<String, String>>read(health.body(), "$.components.portsplit.details.binds"))
				.containsOnlyKeys("127.0.0.1:" + ports[i]);
		}
		for (PortsplitProcess instance : instances) {
			assertThat(instance.stopWith("TERM")).isZero();
		}
	}

	/** Whether the library portsplit's notifications go through can be loaded here, as the jar loads it. */
	private static boolean libsystemd() {
		try {
			com.sun.jna.NativeLibrary.getInstance("libsystemd.so.0");
			return true;
		}
		catch (UnsatisfiedLinkError ex) {
			return false;
		}
	}
}
