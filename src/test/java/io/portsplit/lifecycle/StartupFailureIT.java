package io.portsplit.lifecycle;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Command line" and "Signals and lifecycle", start-up that fails: a bind that cannot be opened exits 1 naming it, a
 * bad configuration exits 2 with file and line; neither leaves a pid file.
 * <p>
 * The other way a bind fails, no permission for a port below 1024, cannot be provoked
 * here: the tests run as root, who may bind any port.
 */
class StartupFailureIT extends PortsplitTestBase {

	@Test
	void bindAddressInUseExitsOneNamingItAndWritesNoPidFile() throws Exception {
		ServerSocket squatter = closeLater(new ServerSocket());
		squatter.bind(new InetSocketAddress(FreePorts.IPV4, 0));
		int taken = squatter.getLocalPort();
		int free = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		PortsplitProcess process = launch(ConfigFiles.bind(free) + ConfigFiles.bind(taken) + ConfigFiles.pidLine(pid)
				+ "[svc]\nstring = X\nconnect = 127.0.0.1:9\n").start();

		assertThat(process.awaitExit(Waits.START)).isEqualTo(1);
		assertThat(process.stderr()).contains("portsplit: ", "127.0.0.1:" + taken, "in use");
		assertThat(pid).doesNotExist();
		assertNoPidFileLeft();
	}

	@Test
	void badConfigurationExitsTwoWithFileAndLineAndWritesNoPidFile() throws Exception {
		Path pid = this.dir.resolve("portsplit.pid");
		Path config = config(ConfigFiles.bind(FreePorts.ipv4()) + ConfigFiles.pidLine(pid)
				+ "[svc]\nstring = X\nconnect = 127.0.0.1:9\nexec = /bin/cat\n");

		PortsplitProcess process = launch(config).start();

		assertThat(process.awaitExit(Waits.START)).isEqualTo(2);
		assertThat(process.stderr()).startsWith("portsplit: " + config.toAbsolutePath() + ":6: ")
			.doesNotContain("\tat ");
		assertNoPidFileLeft();
	}

	@Test
	void missingConfigurationFileExitsTwo() throws Exception {
		Path missing = this.dir.resolve("absent.conf");

		PortsplitProcess process = launch(missing).start();

		assertThat(process.awaitExit(Waits.START)).isEqualTo(2);
		assertThat(process.stderr()).contains("portsplit: " + missing);
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
