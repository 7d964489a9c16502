package io.portsplit.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Real TLS on loopback for routing tests: backends that complete a handshake and tell the
 * client who they are, what server name they were asked for and which ALPN protocol they
 * agreed; and clients that set SNI and ALPN as any TLS client does. The key and its
 * self-signed certificate come from the JDK's own keytool, made once per test directory.
 */
public final class TlsPeers {

	private static final char[] PASSWORD = "portsplit-test".toCharArray();

	private final SSLContext context;

	private TlsPeers(SSLContext context) {
		this.context = context;
	}

	/** Makes a key store in {@code dir} with keytool and a context that serves it and trusts anything. */
	public static TlsPeers create(Path dir) throws Exception {
		Path store = dir.resolve("tls-test.p12");
		if (!Files.exists(store)) {
			Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
			Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "backend", "-keyalg", "EC",
					"-groupname", "secp256r1", "-dname", "CN=portsplit test backend", "-validity", "2", "-storetype",
					"PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keys.load(in, PASSWORD);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), new TrustManager[] { new TrustingEverything() }, null);
		return new TlsPeers(context);
	}

	/**
	 * A TLS backend that answers every client with one line, {@code TAG sni=NAME alpn=PROTO},
	 * then closes. {@code protocols} are the ALPN protocols it agrees to, in its preference.
	 */
	public TestBackend backend(String tag, String... protocols) throws IOException {
		return TestBackend.startOn(serverSocket(protocols), connection -> {
			SSLSocket tls = (SSLSocket) connection.socket();
			tls.startHandshake();
			String sni = ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames()
				.stream()
				.map(name -> ((SNIHostName) name).getAsciiName())
				.collect(Collectors.joining(","));
			String line = tag + " sni=" + (sni.isEmpty() ? "-" : sni) + " alpn="
					+ (tls.getApplicationProtocol() == null || tls.getApplicationProtocol().isEmpty() ? "-"
							: tls.getApplicationProtocol()) + "\n";
			connection.out().write(line.getBytes(StandardCharsets.US_ASCII));
			connection.out().flush();
		});
	}

	private ServerSocket serverSocket(String... protocols) throws IOException {
		SSLServerSocket server = (SSLServerSocket) this.context.getServerSocketFactory().createServerSocket();
		SSLParameters parameters = server.getSSLParameters();
		parameters.setApplicationProtocols(protocols);
		server.setSSLParameters(parameters);
		server.bind(new InetSocketAddress(FreePorts.IPV4, 0));
		return server;
	}

	/**
	 * Connects through {@code port} with SNI {@code serverName} (none if null) and ALPN
	 * {@code protocols}, and returns the backend's line; null if portsplit closed the
	 * connection instead (the handshake fails then).
	 */
	public static String ask(int port, String serverName, String... protocols) throws IOException {
		// A context of its own: the JDK would otherwise resume a cached session, with its first server name.
		SSLContext client;
		try {
			client = SSLContext.getInstance("TLS");
			client.init(null, new TrustManager[] { new TrustingEverything() }, null);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException(ex);
		}
		try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress(FreePorts.IPV4, port), Clients.SO_TIMEOUT_MILLIS);
			socket.setSoTimeout(Clients.SO_TIMEOUT_MILLIS);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames((serverName == null) ? List.<SNIServerName>of() : List.of(new SNIHostName(serverName)));
			parameters.setApplicationProtocols(protocols);
			socket.setSSLParameters(parameters);
			try {
				socket.startHandshake();
			}
			catch (IOException ex) {
				return null;
			}
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
		}
	}

	/** Test peers only: the backends' certificates are self-signed. */
	private static final class TrustingEverything implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}
	}
}
