package io.portsplit.lifecycle;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Command line" and "Signals and lifecycle", start-up that fails: a bind that cannot be opened exits 1 naming it, a
 * bad configuration exits 2 with file and line; neither leaves a pid file.
 * <p>
 * The other bind failure of the issue, no permission for a port below 1024, cannot be
 * provoked here: the tests run as root, who may bind any port.
 */
class StartupFailureIT {

	private static final Duration EXIT = Daemon.START;

	@TempDir
	Path dir;

	private PortsplitProcess process;

	private ServerSocket squatter;

	@AfterEach
	void tearDown() throws Exception {
		if (this.process != null) {
			this.process.close();
		}
		if (this.squatter != null) {
			this.squatter.close();
		}
	}

	@Test
	void bindAddressInUseExitsOneNamingItAndWritesNoPidFile() throws Exception {
		this.squatter = new ServerSocket();
		this.squatter.bind(new InetSocketAddress(FreePorts.IPV4, 0));
		int taken = this.squatter.getLocalPort();
		int free = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		Path config = ConfigFiles.write(this.dir, ConfigFiles.bind(free) + ConfigFiles.bind(taken) + Daemon.pidLine(pid)
				+ "[svc]\nstring = X\nconnect = 127.0.0.1:9\n");

		this.process = PortsplitProcess.daemon(this.dir, "--config=" + config.toAbsolutePath());

		assertThat(this.process.awaitExit(EXIT)).isEqualTo(1);
		assertThat(this.process.stderr()).contains("portsplit: ", "127.0.0.1:" + taken, "in use");
		assertThat(pid).doesNotExist();
		assertNoPidFileLeft();
	}

	@Test
	void badConfigurationExitsTwoWithFileAndLineAndWritesNoPidFile() throws Exception {
		Path pid = this.dir.resolve("portsplit.pid");
		Path config = ConfigFiles.write(this.dir, ConfigFiles.bind(FreePorts.ipv4()) + Daemon.pidLine(pid)
				+ "[svc]\nstring = X\nconnect = 127.0.0.1:9\nexec = /bin/cat\n");

		this.process = PortsplitProcess.daemon(this.dir, "--config=" + config.toAbsolutePath());

		assertThat(this.process.awaitExit(EXIT)).isEqualTo(2);
		assertThat(this.process.stderr()).startsWith("portsplit: " + config.toAbsolutePath() + ":6: ")
			.doesNotContain("\tat ");
		assertNoPidFileLeft();
	}

	@Test
	void missingConfigurationFileExitsTwo() throws Exception {
		Path missing = this.dir.resolve("absent.conf");

		this.process = PortsplitProcess.daemon(this.dir, "--config=" + missing);

		assertThat(this.process.awaitExit(EXIT)).isEqualTo(2);
		assertThat(this.process.stderr()).contains("portsplit: " + missing);
		assertNoPidFileLeft();
	}

	private void assertNoPidFileLeft() throws Exception {
		try (var files = Files.list(this.dir)) {
			assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.contains(".pid")))
				.as("pid files, temporary ones included")
				.isEmpty();
		}
	}
}
