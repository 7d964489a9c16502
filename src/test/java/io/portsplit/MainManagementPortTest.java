package io.portsplit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A management port that is taken fails the start with exit 1 and one line, and leaves no bind open. */
class MainManagementPortTest {

	@TempDir
	Path dir;

	@Test
	void managementPortInUseIsAStartFailureWithOneLine() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int bind = probe.getLocalPort();
			probe.close();
			Path file = Files.writeString(this.dir.resolve("portsplit.conf"),
					"bind = 127.0.0.1:" + bind + "\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n");
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int exit = Main.run(new String[] { file.toString(), "--server.port=" + taken.getLocalPort() },
					new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			assertThat(exit).isEqualTo(1);
			assertThat(err.toString(StandardCharsets.UTF_8))
				.isEqualTo("portsplit: cannot listen on the management port " + taken.getLocalPort()
						+ ": already in use (set 'management = IP:PORT' or 'management = off' in " + file + ", or --server.port=N)"
						+ System.lineSeparator());
			// Nothing was left listening on the bind.
			try (ServerSocket again = new ServerSocket(bind, 1, InetAddress.getLoopbackAddress())) {
				assertThat(again.getLocalPort()).isEqualTo(bind);
			}
		}
	}
}
