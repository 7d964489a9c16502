package io.portsplit;

import java.net.Socket;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Nginx;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.pidLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY headers the packaged jar sends ({@code proxy = v1|v2}), read by a consumer that
 * shares no code with portsplit: Debian's nginx, whose {@code listen ... proxy_protocol}
 * server answers each request with the client and destination the header named and the TCP
 * peer it really came from. The encoder's own tests check bytes against the format; these
 * check that a real consumer agrees with them, directly and behind a trusted balancer
 * ({@code accept-proxy}), whose client must reach nginx as the client.
 */
class ProxyConsumerIT extends PortsplitTestBase {

	private static final String REQUEST_V1 = "GET /v1 HTTP/1.0\r\n\r\n";

	private static final String REQUEST_V2 = "GET /v2 HTTP/1.0\r\n\r\n";

	private Nginx nginx;

	private int port;

	@BeforeEach
	void startNginx() throws Exception {
		Assumptions.assumeTrue(Nginx.installed(), "no nginx at " + Nginx.BINARY + " (Debian's nginx package, which "
				+ ".ci/run installs): these tests need a real consumer of the PROXY protocol");
		this.nginx = closeLater(Nginx.start(this.dir));
		track(this.nginx.pid());
		this.port = FreePorts.ipv4();
	}

	@Test
	void nginxSeesEachDirectClientsOwnAddressAndPortThroughEitherVersion() throws Exception {
		PortsplitProcess portsplit = daemon("");
		String bind = "127.0.0.1:" + this.port;
		String[][] clients = { { "127.0.0.77", REQUEST_V1 }, { "127.0.0.78", REQUEST_V2 }, { "127.0.0.79", REQUEST_V1 },
				{ "127.0.0.77", REQUEST_V2 } };
		for (String[] client : clients) {
			try (Socket socket = Clients.connectFrom(client[0], this.port)) {
				String itself = client[0] + ":" + socket.getLocalPort();
				assertThat(answer(socket, client[1])).as("%s sending %s", itself, client[1].trim())
					.isEqualTo(itself + " " + bind + " 127.0.0.1");
				assertThat(this.nginx.accessLog()).as(this.nginx.output())
					.contains(itself + " " + bind + " 127.0.0.1 \"" + client[1].trim() + "\"");
			}
		}
		assertStillClean(portsplit);
	}

	@Test
	void aTrustedBalancersClientReachesNginxAsTheClient() throws Exception {
		PortsplitProcess portsplit = daemon("accept-proxy = 127.0.0.1\n");
		for (String request : new String[] { REQUEST_V1, REQUEST_V2 }) {
			String out = request.trim();
			assertThat(answerFrom("PROXY TCP4 10.1.2.3 192.0.2.80 5555 443\r\n" + request)).as(out)
				.isEqualTo("10.1.2.3:5555 192.0.2.80:443 127.0.0.1");
			// An IPv4 client written as IPv4-mapped IPv6 goes on as the IPv4 client it is.
			assertThat(answerFrom("PROXY TCP6 ::ffff:10.1.2.3 ::ffff:127.0.0.1 5556 " + this.port + "\r\n" + request))
				.as(out)
				.isEqualTo("10.1.2.3:5556 127.0.0.1:" + this.port + " 127.0.0.1");
			assertThat(answerFrom("PROXY TCP6 2001:db8::7 2001:db8::1 6000 443\r\n" + request)).as(out)
				.isEqualTo("2001:db8::7:6000 2001:db8::1:443 127.0.0.1");
		}
		assertThat(this.nginx.accessLog()).as(this.nginx.output())
			.contains("10.1.2.3:5555 192.0.2.80:443 127.0.0.1 \"GET /v1 HTTP/1.0\"",
					"10.1.2.3:5556 127.0.0.1:" + this.port + " 127.0.0.1 \"GET /v2 HTTP/1.0\"");
		assertStillClean(portsplit);
	}

	/** The packaged jar with {@code globals}, a v1 service and a v2 service, both to nginx. */
	private PortsplitProcess daemon(String globals) throws Exception {
		Path pid = this.dir.resolve("portsplit.pid");
		return launch(bind(this.port) + pidLine(pid) + globals + "[v1]\nstring = GET /v1\nproxy = v1\nconnect = "
				+ this.nginx.target() + "\n[v2]\nstring = GET /v2\nproxy = v2\nconnect = " + this.nginx.target() + "\n")
			.pidFile(pid)
			.daemon();
	}

	/** From 127.0.0.1, the trusted balancer: its own header, then the request. */
	private String answerFrom(String balancerBytes) throws Exception {
		try (Socket balancer = Clients.connect(this.port)) {
			return answer(balancer, balancerBytes);
		}
	}

	/** Sends {@code bytes} and returns the body of nginx's answer, which must be a 200. */
	private String answer(Socket socket, String bytes) throws Exception {
		socket.getOutputStream().write(ascii(bytes));
		String response = text(Clients.readAll(socket));
		assertThat(response).as(this.nginx.output()).startsWith("HTTP/1.1 200 ");
		return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
	}

	private static void assertStillClean(PortsplitProcess portsplit) {
		portsplit.assertAlive();
		assertThat(portsplit.errorLines()).as(portsplit.output()).isEmpty();
	}
}
