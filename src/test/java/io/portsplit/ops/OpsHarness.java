package io.portsplit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.portsplit.PortsplitLauncher;
import io.portsplit.config.ConfigLoader;

/**
 * A real portsplit started in this JVM on loopback, its real management port, real
 * client sockets and backends. Everything it opens is closed by {@link #close()}.
 */
final class OpsHarness implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(10);

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path dir;

	Path file;

	ConfigurableApplicationContext context;

	OpsHarness(Path dir) {
		this.dir = dir;
	}

	/** Writes {@code text} as the configuration file (again, before a reload). */
	Path writeConfig(String text) throws IOException {
		this.file = Files.writeString(this.dir.resolve("portsplit.conf"), text);
		return this.file;
	}

	ConfigurableApplicationContext start(String config, String... springArgs) throws Exception {
		writeConfig(config);
		List<String> args = new ArrayList<>(List.of(springArgs));
		if (args.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
			args.add("--server.port=0");
		}
		this.context = PortsplitLauncher.start(ConfigLoader.load(this.file), args);
		return this.context;
	}

	int managementPort() {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		assertThat(port).isPositive();
		return port;
	}

	HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> post(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** A GET from any thread, without a harness (e.g. during shutdown). */
	static HttpResponse<String> httpGet(int port, String path) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + managementPort() + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Sum of every series of {@code name} in the Prometheus text whose labels include {@code labels}. */
	double prometheus(String name, String... labels) throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return sample(response.body(), name, labels);
	}

	static double sample(String text, String name, String... labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{(.*)})? (\\S+)$", Pattern.MULTILINE);
		Matcher m = line.matcher(text);
		double sum = 0;
		while (m.find()) {
			String labelText = (m.group(2) != null) ? m.group(2) : "";
			boolean all = true;
			for (int i = 0; i < labels.length; i += 2) {
				all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
			}
			if (all) {
				sum += Double.parseDouble(m.group(3));
			}
		}
		return sum;
	}

	/** A loopback port that nothing listens on (right now). */
	static int freePort() {
		return io.portsplit.support.FreePorts.ipv4();
	}

	/** A backend that answers each connection with {@code reply} and then keeps it open until closed. */
	Backend backend(String reply) throws IOException {
		Backend backend = new Backend(reply.getBytes(StandardCharsets.US_ASCII));
		this.resources.add(backend);
		return backend;
	}

	Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		this.resources.add(socket);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		socket.setSoTimeout((int) WAIT.toMillis());
		return socket;
	}

	/** Sends {@code data}, then reads until the other side closes; returns what was read. */
	static String sendAndReadAll(Socket socket, String data) throws IOException {
		if (!data.isEmpty()) {
			OutputStream out = socket.getOutputStream();
			out.write(data.getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ignored) {
				// best effort
			}
		}
	}

	/** Accepts on loopback; every connection gets the reply and is held until {@link #release()} or close. */
	static final class Backend implements AutoCloseable {

		private final ServerSocket server;

		private final byte[] reply;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Thread acceptor;

		Backend(byte[] reply) throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.reply = reply;
			this.acceptor = new Thread(this::acceptLoop, "test-backend");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		int acceptedCount() {
			return this.accepted.size();
		}

		private void acceptLoop() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.accepted.add(socket);
					socket.getOutputStream().write(this.reply);
					socket.getOutputStream().flush();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		/** Closes every backend connection (the relay then ends its client). */
		void release() {
			for (Socket socket : this.accepted) {
				closeQuietly(socket);
			}
		}

		/** Reads what the client sent through the relay to backend connection {@code index}. */
		String read(int index, int length) throws IOException {
			Socket socket = this.accepted.get(index);
			socket.setSoTimeout((int) WAIT.toMillis());
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
		}

		@Override
		public void close() throws Exception {
			this.server.close();
			release();
			this.acceptor.join(WAIT.toMillis());
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// best effort
			}
		}
	}
}
