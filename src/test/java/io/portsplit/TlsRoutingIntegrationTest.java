package io.portsplit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.TlsPeers;

import static io.portsplit.support.ConfigFiles.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * TLS by name, end to end in this JVM: real TLS clients (the JDK's, and openssl s_client
 * where it is installed) set SNI and ALPN, portsplit routes by them, and real TLS backends
 * complete the handshake and say what they were asked for.
 */
class TlsRoutingIntegrationTest extends PortsplitTestBase {

	private TlsPeers tls;

	private int port;

	@BeforeEach
	void start() throws Exception {
		this.tls = TlsPeers.create(this.dir);
		TestBackend siteA = closeLater(this.tls.backend("A", "h2", "http/1.1"));
		TestBackend siteB = closeLater(this.tls.backend("B", "h2"));
		TestBackend siteB1 = closeLater(this.tls.backend("B1", "http/1.1"));
		TestBackend anyTls = closeLater(this.tls.backend("ANY"));
		this.port = FreePorts.ipv4();
		portsplit(bind(this.port) + "timeout = 3\n"
				+ "[site-a]\nsni = a.example\nconnect = " + siteA.target() + "\n"
				+ "[site-b-h2]\nsni = b.example\nalpn = h2\nconnect = " + siteB.target() + "\n"
				+ "[site-b]\nsni = b.example\nsni = www.b.example\nconnect = " + siteB1.target() + "\n"
				+ "[other-tls]\nprobe = tls\nsni = *.example\nconnect = " + anyTls.target() + "\n");
	}

	@Test
	void theServerNameChoosesTheBackend() throws Exception {
		assertThat(TlsPeers.ask(this.port, "a.example", "h2", "http/1.1")).isEqualTo("A sni=a.example alpn=h2");
		assertThat(TlsPeers.ask(this.port, "A.Example", "http/1.1")).as("case-insensitive")
			.isEqualTo("A sni=A.Example alpn=http/1.1");
		assertThat(TlsPeers.ask(this.port, "c.example")).isEqualTo("ANY sni=c.example alpn=-");
	}

	@Test
	void sniAndAlpnMustBothHoldAndTheNextServiceTakesTheRest() throws Exception {
		assertThat(TlsPeers.ask(this.port, "b.example", "h2")).isEqualTo("B sni=b.example alpn=h2");
		assertThat(TlsPeers.ask(this.port, "b.example", "http/1.1")).isEqualTo("B1 sni=b.example alpn=http/1.1");
		assertThat(TlsPeers.ask(this.port, "www.b.example", "h2", "http/1.1")).as("alternatives of one kind")
			.isEqualTo("B1 sni=www.b.example alpn=http/1.1");
	}

	@Test
	void aClientHelloWithoutTheNameOfAnyServiceIsClosed() throws Exception {
		assertThat(TlsPeers.ask(this.port, null, "h2")).isNull();
		assertThat(TlsPeers.ask(this.port, "example.org")).isNull();
	}

	@Test
	void opensslSClientIsRoutedByItsServerNameAndAlpn() throws Exception {
		Path openssl = Path.of("/usr/bin/openssl");
		assumeThat(Files.isExecutable(openssl)).as("openssl is installed").isTrue();
		assertThat(sClient(openssl, "-servername", "b.example", "-alpn", "h2")).contains("B sni=b.example alpn=h2");
		assertThat(sClient(openssl, "-servername", "a.example", "-alpn", "http/1.1"))
			.contains("A sni=a.example alpn=http/1.1");
	}

	private String sClient(Path openssl, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect",
				"127.0.0.1:" + this.port, "-quiet", "-verify_quiet"));
		command.addAll(List.of(options));
		Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.redirectErrorStream(true)
			.start();
		try {
			// The backend closes after its line, which ends s_client.
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl s_client ends").isTrue();
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			process.destroyForcibly();
		}
	}
}
