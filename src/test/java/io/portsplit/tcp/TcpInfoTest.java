package io.portsplit.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.FreePorts;
import io.portsplit.support.Waits;

/** What the kernel says of real loopback sockets, without reading from them. */
class TcpInfoTest {

	@BeforeEach
	void linux() {
		Assumptions.assumeTrue(TcpInfo.available(), "TCP_INFO needs Linux, JNA and the jar's export of sun.nio.ch");
	}

	@Test
	void aListeningSocketSaysHowManyConnectionsWaitToBeAccepted() throws Exception {
		List<Socket> clients = new ArrayList<>();
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(FreePorts.IPV4, 0), 16);
			int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
			assertThat(TcpInfo.acceptQueueLength(server)).isZero();
			for (int i = 0; i < 3; i++) {
				clients.add(new Socket(FreePorts.IPV4, port));
			}
			Awaitility.await().atMost(Waits.EFFECT).until(() -> TcpInfo.acceptQueueLength(server) == 3);
			try (SocketChannel accepted = server.accept()) {
				assertThat(TcpInfo.acceptQueueLength(server)).isEqualTo(2);
				assertThat(TcpInfo.millisSinceLastReceived(accepted)).isGreaterThanOrEqualTo(0);
			}
		}
		finally {
			for (Socket client : clients) {
				client.close();
			}
		}
		ServerSocketChannel closed = ServerSocketChannel.open();
		closed.close();
		assertThat(TcpInfo.acceptQueueLength(closed)).isEqualTo(-1);
	}
}
