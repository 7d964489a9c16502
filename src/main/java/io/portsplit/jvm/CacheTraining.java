package io.portsplit.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The training run: a full start of portsplit, as the daemon does it, on a generated
 * configuration that binds a free loopback port with one {@code connect} service to a
 * backend in this JVM; one connection routed through it; then {@link System#exit}, at
 * which the JVM writes what it loaded into the archive (or the AOT configuration). A
 * full start, waited out until the management server listens too, and not Spring's
 * {@code spring.context.exit=onRefresh}, which would stop after the first context
 * should the start come in several. Run by the trainer as
 * {@code java OPTIONS ... -jar CACHE/KEY/app/portsplit.jar --portsplit-cache-training},
 * in the entry's directory, where it writes its configuration.
 */
public final class CacheTraining {

	/** The argument that makes {@code Start} run this instead of the daemon; it also names the process in {@code ps}. */
	public static final String ARGUMENT = "--portsplit-cache-training";

	static final String CONFIG_FILE = "training.conf";

	private static final byte[] REQUEST = "PING".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REPLY = "PONG PING".getBytes(StandardCharsets.US_ASCII);

	/** Bounds of this run's own waits; the trainer bounds the whole run more tightly still. */
	private static final Duration ROUTED = Duration.ofSeconds(150);

	private static final Duration MANAGEMENT = Duration.ofSeconds(30);

	/** What the start does after the management server listens (readiness, systemd's notification) is short. */
	private static final Duration SETTLE = Duration.ofSeconds(1);

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private CacheTraining() {
	}

	/**
	 * Never returns. The daemon's entry point is handed in, so that this package does not
	 * refer back to the one that starts it.
	 */
	public static void run(Consumer<String[]> daemonMain) {
		endWithTheTrainer();
		int status;
		try {
			status = train(daemonMain);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("portsplit: training run: " + ex);
			status = 1;
		}
		catch (InterruptedException ex) {
			status = 1;
		}
		System.exit(status);
	}

	private static int train(Consumer<String[]> daemonMain) throws IOException, InterruptedException {
		ServerSocket backend = new ServerSocket(0, 50, LOOPBACK);
		Thread backendThread = new Thread(() -> serve(backend), "training-backend");
		backendThread.setDaemon(true);
		backendThread.start();
		int port = freePort();
		int management = freePort();
		Path config = Path.of(CONFIG_FILE).toAbsolutePath();
		Files.writeString(config, "bind = 127.0.0.1:" + port + "\nmanagement = 127.0.0.1:" + management
				+ "\n[training]\nstring = PING\nconnect = 127.0.0.1:" + backend.getLocalPort() + "\n");
		// The daemon's main exits the JVM itself if the start fails: the trainer then sees its status.
		Thread daemon = new Thread(() -> daemonMain.accept(new String[] { "--config=" + config }), "training-daemon");
		daemon.setDaemon(true);
		daemon.start();
		if (!routeOnce(port)) {
			System.err.println("portsplit: training run: no routed reply within " + ROUTED.toSeconds() + " s");
			return 1;
		}
		awaitListening(management, MANAGEMENT);
		Thread.sleep(SETTLE.toMillis());
		return 0;
	}

	/** The client: it may connect before the daemon serves, and waits in the backlog as the operator's would. */
	private static boolean routeOnce(int port) throws InterruptedException {
		long deadline = System.nanoTime() + ROUTED.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
				socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
				socket.getOutputStream().write(REQUEST);
				byte[] reply = socket.getInputStream().readNBytes(REPLY.length);
				return Arrays.equals(reply, REPLY);
			}
			catch (IOException ex) {
				Thread.sleep(20); // not listening yet
			}
		}
		return false;
	}

	private static void awaitListening(int port, Duration bound) throws InterruptedException {
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
	}

	/** Answers each connection with {@code PONG } and what it read. */
	private static void serve(ServerSocket backend) {
		while (true) {
			try (Socket client = backend.accept()) {
				client.setSoTimeout(30_000);
				byte[] request = client.getInputStream().readNBytes(REQUEST.length);
				OutputStream out = client.getOutputStream();
				out.write("PONG ".getBytes(StandardCharsets.US_ASCII));
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				if (backend.isClosed()) {
					return;
				}
			}
		}
	}

	/**
	 * The trainer holds this process's standard input open and never writes to it: end of
	 * file means the trainer is gone, killed or not, and this run must not outlive it.
	 * Halted, not exited: an archive written now would be of no use.
	 */
	private static void endWithTheTrainer() {
		Thread watch = new Thread(() -> {
			try {
				InputStream in = System.in;
				while (in.read() >= 0) {
					// nothing is ever sent
				}
			}
			catch (IOException ex) {
				// closed: the same
			}
			Runtime.getRuntime().halt(3);
		}, "training-watch");
		watch.setDaemon(true);
		watch.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
			return socket.getLocalPort();
		}
	}
}
