package io.portsplit;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.portsplit.access.Admission;
import io.portsplit.proxy.ProxyHeader;
import io.portsplit.proxy.ProxyHeaderDecoder;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.RunningPortsplit;
import io.portsplit.support.TestBackend;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who the client is, in this JVM over loopback: several clients from several 127.0.0.0/8
 * addresses, access rules at accept and per service, per-source and per-service limits, a
 * trusted proxy's header read and consumed, PROXY headers sent to backends, idle and
 * connect timeouts, and a Unix-socket backend.
 */
class ClientIdentityIntegrationTest extends PortsplitTestBase {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** Ends at once, without a byte: refused, or closed without a service. */
	private static boolean closedWithoutAReply(Socket socket) throws IOException {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	@Test
	void theGlobalAccessListRefusesAtAcceptAndEveryoneElseIsServed() throws Exception {
		TestBackend web = backend("web");
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + "allow = 127.0.0.0/8\ndeny = 127.0.0.66\n[web]\nstring = GET\n"
				+ "connect = " + web.target() + "\n");
		assertThat(Clients.exchangeFrom("127.0.0.1", port, "GET /")).isEqualTo("web:GET /");
		assertThat(Clients.exchangeFrom("127.0.0.65", port, "GET /")).isEqualTo("web:GET /");
		try (Socket denied = Clients.connectFrom("127.0.0.66", port)) {
			assertThat(closedWithoutAReply(denied)).isTrue();
		}
		assertThat(web.acceptedCount()).isEqualTo(2);
		await().atMost(WAIT).until(() -> portsplit.bean(Admission.class).open() == 0);
	}

	@Test
	void aServiceThatRefusesTheClientIsSkippedAsIfItDidNotMatch() throws Exception {
		TestBackend admin = backend("admin");
		TestBackend web = backend("web");
		TestBackend fallback = backend("fallback");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "[admin]\nstring = GET /admin\nallow = 127.0.0.7\nconnect = " + admin.target() + "\n"
				+ "[web]\nstring = GET\nconnect = " + web.target() + "\n"
				+ "[fallback]\ndeny = 127.0.0.8\nconnect = " + fallback.target() + "\n");
		assertThat(Clients.exchangeFrom("127.0.0.7", port, "GET /admin")).isEqualTo("admin:GET /admin");
		assertThat(Clients.exchangeFrom("127.0.0.8", port, "GET /admin")).isEqualTo("web:GET /admin");
		assertThat(Clients.exchangeFrom("127.0.0.7", port, "XYZ")).isEqualTo("fallback:XYZ");
		try (Socket refused = Clients.connectFrom("127.0.0.8", port)) {
			refused.getOutputStream().write(ascii("XYZ"));
			refused.shutdownOutput();
			assertThat(closedWithoutAReply(refused)).as("[fallback] refuses it: as if there were none").isTrue();
		}
	}

	@Test
	void maxconnPerSourceCapsOneAddressAndNotTheOthers() throws Exception {
		TestBackend web = backend("web");
		int port = FreePorts.ipv4();
		RunningPortsplit portsplit = portsplit(bind(port) + "maxconn-per-source = 2\n[web]\nstring = GET\nconnect = "
				+ web.target() + "\n");
		try (Socket first = Clients.connectFrom("127.0.0.11", port); Socket second = Clients.connectFrom("127.0.0.11", port)) {
			await().atMost(WAIT).until(() -> portsplit.bean(Admission.class).open() == 2);
			try (Socket third = Clients.connectFrom("127.0.0.11", port)) {
				assertThat(closedWithoutAReply(third)).isTrue();
			}
			assertThat(Clients.exchangeFrom("127.0.0.12", port, "GET /")).isEqualTo("web:GET /");
		}
		await().atMost(WAIT).until(() -> portsplit.bean(Admission.class).open() == 0);
		assertThat(Clients.exchangeFrom("127.0.0.11", port, "GET /again")).isEqualTo("web:GET /again");
	}

	@Test
	void ratePerSourceTurnsAwayAFastSourceOnly() throws Exception {
		TestBackend web = backend("web");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "rate-per-source = 2\n[web]\nstring = GET\nconnect = " + web.target() + "\n");
		int served = 0;
		for (int i = 0; i < 20; i++) {
			try (Socket socket = Clients.connectFrom("127.0.0.21", port)) {
				socket.getOutputStream().write(ascii("GET"));
				socket.shutdownOutput();
				served += text(Clients.readAll(socket)).equals("web:GET") ? 1 : 0;
			}
			catch (SocketException ex) {
				// refused with a reset: not served
			}
		}
		assertThat(served).as("a burst of 2 and 2 a second, not 20 at once").isBetween(2, 19);
		assertThat(Clients.exchangeFrom("127.0.0.22", port, "GET")).isEqualTo("web:GET");
	}

	@Test
	void aServicesOwnMaxconnTurnsAwayOneMoreOnlyThere() throws Exception {
		TestBackend admin = backend("admin");
		TestBackend web = backend("web");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "[admin]\nstring = ADMIN\nmaxconn = 1\nconnect = " + admin.target() + "\n"
				+ "[web]\nstring = GET\nconnect = " + web.target() + "\n");
		try (Socket held = Clients.connect(port)) {
			held.getOutputStream().write(ascii("ADMIN 1"));
			assertThat(text(Clients.readExactly(held, "admin:ADMIN 1".length()))).isEqualTo("admin:ADMIN 1");
			try (Socket second = Clients.connect(port)) {
				second.getOutputStream().write(ascii("ADMIN 2"));
				assertThat(closedWithoutAReply(second)).isTrue();
			}
			assertThat(Clients.exchange(port, "GET /")).isEqualTo("web:GET /");
		}
		await().atMost(WAIT).untilAsserted(() -> assertThat(Clients.exchange(port, "ADMIN 3")).isEqualTo("admin:ADMIN 3"));
	}

	@Test
	void aTrustedProxysHeaderIsConsumedAndItsClientIsTheClientEverywhere() throws Exception {
		TestBackend v1 = backend("v1");
		TestBackend v2 = backend("v2");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "accept-proxy = 127.0.0.31\nallow = 10.0.0.0/8\nallow = 127.0.0.0/8\n"
				+ "[one]\nstring = ONE\nproxy = v1\nconnect = " + v1.target() + "\n"
				+ "[two]\nstring = TWO\nproxy = v2\nallow = 10.9.0.0/16\nconnect = " + v2.target() + "\n");
		// The balancer speaks for 10.1.2.3; that client goes to [one] with a header of its own.
		String header = "PROXY TCP4 10.1.2.3 192.0.2.80 5555 443\r\n";
		assertThat(Clients.exchangeFrom("127.0.0.31", port, header + "ONE please")).isEqualTo("v1:PROXY TCP4 10.1.2.3 "
				+ "192.0.2.80 5555 443\r\nONE please");
		// A v2 header in, a v2 header out, with the addresses it carried; [two] allows only 10.9/16.
		byte[] in = io.portsplit.proxy.ProxyHeaderEncoder.v2(new java.net.InetSocketAddress("10.9.8.7", 6000),
				new java.net.InetSocketAddress("192.0.2.80", 443));
		byte[] request = concat(in, ascii("TWO please"));
		byte[] reply;
		try (Socket balancer = Clients.connectFrom("127.0.0.31", port)) {
			balancer.getOutputStream().write(request);
			balancer.shutdownOutput();
			reply = Clients.readAll(balancer);
		}
		assertThat(reply).startsWith(ascii("v2:"));
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		byte[] received = Arrays.copyOfRange(reply, 3, reply.length);
		int consumed = decoder.feed(received, 0, received.length);
		assertThat(decoder.status()).isEqualTo(ProxyHeaderDecoder.Status.COMPLETE);
		assertThat(decoder.header()).isEqualTo(new ProxyHeader(new java.net.InetSocketAddress("10.9.8.7", 6000),
				new java.net.InetSocketAddress("192.0.2.80", 443)));
		assertThat(new String(received, consumed, received.length - consumed, StandardCharsets.US_ASCII))
			.isEqualTo("TWO please");
		// The client it names is checked as any client: 192.0.2.1 is outside every allow.
		try (Socket refused = Clients.connectFrom("127.0.0.31", port)) {
			refused.getOutputStream().write(ascii("PROXY TCP4 192.0.2.1 192.0.2.80 5555 443\r\nONE"));
			assertThat(closedWithoutAReply(refused)).isTrue();
		}
	}

	@Test
	void aTrustedSourceWithoutAValidHeaderIsClosedAndAnotherSourcesHeaderIsJustBytes() throws Exception {
		TestBackend any = backend("any");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "accept-proxy = 127.0.0.41\ntimeout = 2\n[proxy-bytes]\nstring = PROXY\nconnect = "
				+ any.target() + "\n[fallback]\nconnect = " + any.target() + "\n");
		try (Socket noHeader = Clients.connectFrom("127.0.0.41", port)) {
			noHeader.getOutputStream().write(ascii("GET / HTTP/1.1\r\n\r\n"));
			assertThat(closedWithoutAReply(noHeader)).isTrue();
		}
		try (Socket malformed = Clients.connectFrom("127.0.0.41", port)) {
			malformed.getOutputStream().write(ascii("PROXY TCP4 10.1.2.3  192.0.2.80 5555 443\r\n"));
			assertThat(closedWithoutAReply(malformed)).isTrue();
		}
		try (Socket silent = Clients.connectFrom("127.0.0.41", port)) {
			assertThat(closedWithoutAReply(silent)).as("no header within the timeout").isTrue();
		}
		assertThat(Clients.exchangeFrom("127.0.0.42", port, "PROXY TCP4 10.1.2.3 192.0.2.80 5555 443\r\n"))
			.isEqualTo("any:PROXY TCP4 10.1.2.3 192.0.2.80 5555 443\r\n");
	}

	@Test
	void anIpv4MappedClientGoesOutAsTcp4() throws Exception {
		TestBackend v1 = backend("v1");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "accept-proxy = 127.0.0.51\n[one]\nstring = ONE\nproxy = v1\nallow = 10.0.0.0/8\nconnect = "
				+ v1.target() + "\n");
		assertThat(Clients.exchangeFrom("127.0.0.51", port,
				"PROXY TCP6 ::ffff:10.1.2.3 ::ffff:192.0.2.80 5555 443\r\nONE"))
			.isEqualTo("v1:PROXY TCP4 10.1.2.3 192.0.2.80 5555 443\r\nONE");
	}

	@Test
	void aConnectionWhereNothingMovesIsClosedAfterItsIdleTimeout() throws Exception {
		TestBackend quiet = backend("quiet");
		int port = FreePorts.ipv4();
		portsplit(bind(port) + "[quiet]\nstring = Q\nidle-timeout = 1\nconnect = " + quiet.target() + "\n");
		try (Socket client = Clients.connect(port)) {
			client.getOutputStream().write(ascii("Q"));
			assertThat(text(Clients.readExactly(client, "quiet:Q".length()))).isEqualTo("quiet:Q");
			// Then nothing moves: portsplit closes both sides.
			assertThat(Clients.readUntilEnd(client)).isEmpty();
		}
	}

	@Test
	void aBackendThatDoesNotAnswerFailsAfterTheServicesConnectTimeout() throws Exception {
		try (ServerSocketChannel full = ServerSocketChannel.open()) {
			full.bind(new java.net.InetSocketAddress(FreePorts.IPV4, 0), 1);
			int backendPort = ((java.net.InetSocketAddress) full.getLocalAddress()).getPort();
			// Fill the accept queue so that the next connect's SYN goes unanswered.
			Socket[] fillers = new Socket[3];
			for (int i = 0; i < fillers.length; i++) {
				fillers[i] = new Socket();
				try {
					fillers[i].connect(new java.net.InetSocketAddress(FreePorts.IPV4, backendPort), 200);
				}
				catch (IOException ex) {
					// a full queue: as wanted
				}
			}
			try {
				int port = FreePorts.ipv4();
				portsplit(bind(port) + "[slow]\nstring = S\nconnect-timeout = 1\nconnect = 127.0.0.1:" + backendPort + "\n");
				try (Socket client = Clients.connect(port)) {
					client.getOutputStream().write(ascii("S"));
					assertThat(closedWithoutAReply(client)).isTrue();
				}
			}
			finally {
				for (Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

	@Test
	void aUnixSocketBackendRelaysBothWaysWithHalfClose() throws Exception {
		Path socketPath = this.dir.resolve("backend.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socketPath));
			Thread echo = new Thread(() -> {
				try (SocketChannel backend = server.accept()) {
					ByteBuffer buffer = ByteBuffer.allocate(4096);
					backend.write(ByteBuffer.wrap(ascii("unix:")));
					while (backend.read(buffer.clear()) >= 0) {
						backend.write(buffer.flip());
					}
					backend.shutdownOutput();
				}
				catch (IOException ex) {
					// the test fails on what the client sees
				}
			}, "unix-echo");
			echo.setDaemon(true);
			echo.start();
			int port = FreePorts.ipv4();
			portsplit(bind(port) + "[unix]\nstring = U\nconnect = unix:" + socketPath + "\n");
			assertThat(Clients.exchange(port, "U over a Unix socket")).isEqualTo("unix:U over a Unix socket");
			echo.join(WAIT.toMillis());
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}
}
