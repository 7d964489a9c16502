import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How long a plain {@code java -jar portsplit.jar} spends before it replaces itself with the
 * daemon's JVM ({@code DaemonJvm}), and when it listens. Not part of {@code verify}; see
 * bench/README.md. Run from the project directory:
 *
 * <pre>java bench/FirstStage.java [RUNS] [JAR]     (defaults: 5, target/portsplit.jar)</pre>
 *
 * Each run starts the jar on portsplit.conf.example moved to a free loopback port, then
 * every 2 ms reads /proc/PID/cmdline until the daemon's options appear (the execve) and
 * tries a TCP connect until one completes (listening); then it stops the process. Java and
 * not a shell loop: a loop that forks a process per poll takes one of the two cores from
 * the JVM it is timing.
 */
public class FirstStage {

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		Path jar = Path.of((args.length > 1) ? args[1] : "target/portsplit.jar");
		if (!Files.isRegularFile(jar)) {
			System.err.println("FirstStage: " + jar + " not found (./mvnw -B package -DskipTests)");
			System.exit(2);
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path work = Files.createTempDirectory("portsplit-first-stage");
		for (int run = 1; run <= runs; run++) {
			int port = freePort();
			String example = Files.readString(Path.of("portsplit.conf.example"));
			Path config = work.resolve("portsplit.conf");
			Files.writeString(config, example.replace("bind = 127.0.0.1:9090", "bind = 127.0.0.1:" + port)
				.replace("bind = [::1]:9090\n", ""));
			long start = System.nanoTime();
			Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--config=" + config, "--server.port=-1")
				.redirectErrorStream(true).redirectOutput(work.resolve("out").toFile()).start();
			Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
			long execMs = -1;
			long listenMs = -1;
			try {
				while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20) && process.isAlive()) {
					if (execMs < 0 && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains("UseSerialGC")) {
						execMs = (System.nanoTime() - start) / 1_000_000;
					}
					if (connects(port)) {
						listenMs = (System.nanoTime() - start) / 1_000_000;
						break;
					}
					Thread.sleep(2);
				}
			}
			finally {
				process.destroy();
				process.waitFor(10, TimeUnit.SECONDS);
				process.destroyForcibly();
			}
			System.out.printf("run %d: execve at %s ms, listening at %s ms%n", run, (execMs < 0) ? "-" : execMs,
					(listenMs < 0) ? "-" : listenMs);
		}
	}

	private static boolean connects(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
