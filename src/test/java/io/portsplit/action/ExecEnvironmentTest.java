package io.portsplit.action;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

import static io.portsplit.support.ExecServices.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an exec program is told about its client, in the variables of ucspi-tcp. The bind
 * is the wildcard address, so the local address the program is given must be the one the
 * client reached, not the bind's {@code 0.0.0.0}. The wildcard listens on every interface
 * for the length of the test; the only client connects over loopback.
 */
class ExecEnvironmentTest extends PortsplitTestBase {

	@Test
	void theProgramIsToldBothEndsOfItsConnectionAndItsService() throws Exception {
		int port = FreePorts.ipv4();
		String program = "echo \"$PROTO $TCPLOCALIP $TCPLOCALPORT $TCPREMOTEIP $TCPREMOTEPORT $PORTSPLIT_SERVICE\"";
		portsplit("bind = 0.0.0.0:" + port + "\n" + exec("who", "WHO", "/bin/sh", "-c", program));
		try (Socket client = new Socket()) {
			client.bind(new InetSocketAddress("127.0.0.1", 0));
			client.connect(new InetSocketAddress("127.0.0.2", port), (int) Waits.EFFECT.toMillis());
			client.setSoTimeout((int) Waits.EFFECT.toMillis());
			client.getOutputStream().write("WHO".getBytes(StandardCharsets.US_ASCII));
			String line = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			assertThat(line).isEqualTo("TCP 127.0.0.2 " + port + " 127.0.0.1 " + client.getLocalPort() + " who");
		}
	}
}
