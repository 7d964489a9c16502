package io.portsplit;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.portsplit.support.ClientCaptures;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;
import io.portsplit.support.TestBackend;
import io.portsplit.support.TlsPeers;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on one port for two HTTPS sites, XMPP, an HTTP virtual host, SSH,
 * OpenVPN, a plain pattern, [fallback] and [timeout], each client reaching its own backend,
 * and the decision lines saying what the client asked for.
 */
class ProtocolRoutingIT extends PortsplitTestBase {

	private static final Duration WAIT = Waits.EFFECT;

	@Test
	void oneConfigurationOfEveryKindRoutesEachClientToItsOwnBackend() throws Exception {
		TlsPeers tls = TlsPeers.create(this.dir);
		TestBackend siteA = closeLater(tls.backend("A", "h2", "http/1.1"));
		TestBackend siteB = closeLater(tls.backend("B", "h2"));
		TestBackend chat = backend("chat");
		TestBackend vhost = backend("vhost");
		TestBackend ssh = backend("ssh");
		TestBackend vpn = backend("vpn");
		TestBackend legacy = backend("legacy");
		TestBackend fallback = backend("fallback");
		TestBackend timeout = backend("timeout");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		Path file = config(bind(port) + "pid = " + pid + "\ntimeout = 2\n"
				+ "[site-a]\nsni = a.example\nconnect = " + siteA.target() + "\n"
				+ "[site-b]\nsni = b.example\nalpn = h2\nconnect = " + siteB.target() + "\n"
				+ "[chat]\nprobe = xmpp\nconnect = " + chat.target() + "\n"
				+ "[vhost]\nprobe = http\nhost = www.example.com\nconnect = " + vhost.target() + "\n"
				+ "[ssh]\nprobe = ssh\nconnect = " + ssh.target() + "\n"
				+ "[vpn]\nprobe = openvpn\nconnect = " + vpn.target() + "\n"
				+ connectService("legacy", legacy, "LEGACY")
				+ "[fallback]\nconnect = " + fallback.target() + "\n"
				+ "[timeout]\nconnect = " + timeout.target() + "\n");
		PortsplitProcess portsplit = launch(file).pidFile(pid).daemon();

		assertThat(TlsPeers.ask(port, "a.example", "h2", "http/1.1")).isEqualTo("A sni=a.example alpn=h2");
		assertThat(TlsPeers.ask(port, "b.example", "h2")).isEqualTo("B sni=b.example alpn=h2");
		byte[] xmpp = ClientCaptures.named("xmpp-sendxmpp");
		assertThat(Clients.exchange(FreePorts.IPV4, port, xmpp)).startsWith(ascii("chat:"));
		String head = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
		assertThat(Clients.exchange(port, head)).isEqualTo("vhost:" + head);
		assertThat(Clients.exchange(port, "SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo("ssh:SSH-2.0-OpenSSH_9.2\r\n");
		byte[] openvpn = ClientCaptures.named("openvpn-tcp-tls-crypt-v2");
		assertThat(Clients.exchange(FreePorts.IPV4, port, openvpn)).startsWith(ascii("vpn:"));
		assertThat(Clients.exchange(port, "LEGACY protocol")).isEqualTo("legacy:LEGACY protocol");
		assertThat(Clients.exchange(port, "GET / HTTP/1.1\r\nHost: other.example\r\n\r\n")).startsWith("fallback:");
		try (Socket silent = Clients.connect(port)) {
			// The [timeout] backend speaks first: its tag arrives once the 2 s have passed.
			assertThat(text(Clients.readExactly(silent, "timeout:".length()))).isEqualTo("timeout:");
		}

		String named = portsplit.awaitStdoutLine(line -> line.contains("-> [site-a]"), WAIT);
		assertThat(named).contains("(sni 'a.example')").contains(" sni=a.example alpn=h2,http/1.1");
		String both = portsplit.awaitStdoutLine(line -> line.contains("-> [site-b]"), WAIT);
		assertThat(both).contains("(sni 'b.example' + alpn 'h2')");
		String host = portsplit.awaitStdoutLine(line -> line.contains("-> [vhost]"), WAIT);
		assertThat(host).contains("(probe http + host 'www.example.com')").contains(" host=www.example.com");
		portsplit.awaitStdoutLine(line -> line.contains("-> [vpn]") && line.contains("(probe openvpn)"), WAIT);

		portsplit.signal("TERM");
		assertThat(portsplit.awaitExit(WAIT)).as(portsplit.output()).isZero();
		assertThat(portsplit.output()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}
}
