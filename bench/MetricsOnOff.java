import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections per second through portsplit with its metrics on and off.
 *
 *     java bench/MetricsOnOff.java target/portsplit.jar [rounds] [connections] [parallel]
 *
 * Each round starts the jar twice (--portsplit.metrics.enabled=true, then false; the
 * order alternates between rounds), and drives CONNECTIONS short loopback connections,
 * PARALLEL at a time: connect, send "GET / HTTP/1.0\r\n\r\n", read the backend's 1 KiB
 * answer to the end, close. Reported per run: connections per second (wall clock, sensitive
 * to whatever else the machine runs) and the portsplit process's CPU time per
 * connection (user + system from /proc/PID/stat, far less sensitive to neighbours).
 * Loopback only; every process is stopped at the end.
 */
public class MetricsOnOff {

	public static void main(String[] args) throws Exception {
		String jar = args[0];
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		int connections = (args.length > 2) ? Integer.parseInt(args[2]) : 20000;
		int parallel = (args.length > 3) ? Integer.parseInt(args[3]) : 32;
		try (ServerSocket backend = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
			ExecutorService backendThreads = Executors.newCachedThreadPool(daemon());
			backendThreads.submit(() -> serve(backend, backendThreads));
			List<Double> on = new ArrayList<>();
			List<Double> off = new ArrayList<>();
			List<Double> cpuOn = new ArrayList<>();
			List<Double> cpuOff = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				boolean[] order = (round % 2 == 0) ? new boolean[] { true, false } : new boolean[] { false, true };
				for (boolean metrics : order) {
					double[] result = run(jar, backend.getLocalPort(), metrics, connections, parallel);
					(metrics ? on : off).add(result[0]);
					(metrics ? cpuOn : cpuOff).add(result[1]);
					System.out.printf("round %d metrics %-3s %8.0f connections/s %7.1f us CPU/connection%n", round,
							metrics ? "on" : "off", result[0], result[1]);
				}
			}
			System.out.printf("median: metrics on %.0f/s, off %.0f/s, on/off = %.3f%n", median(on), median(off),
					median(on) / median(off));
			System.out.printf("median CPU per connection: metrics on %.1f us, off %.1f us, on/off = %.3f%n",
					median(cpuOn), median(cpuOff), median(cpuOn) / median(cpuOff));
			backendThreads.shutdownNow();
		}
	}

	static double[] run(String jar, int backendPort, boolean metrics, int connections, int parallel) throws Exception {
		int bind = freePort();
		Path conf = Files.createTempFile("portsplit-bench", ".conf");
		Files.writeString(conf, "bind = 127.0.0.1:" + bind + "\nmaxconn = 4096\n[http]\nstring = GET\nconnect = 127.0.0.1:"
				+ backendPort + "\n");
		Process process = new ProcessBuilder("java", "-jar", jar, conf.toString(), "--server.port=0",
				"--portsplit.metrics.enabled=" + metrics, "--logging.level.portsplit.connections=WARN")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (!canConnect(bind)) {
				if (System.nanoTime() > deadline || !process.isAlive()) {
					throw new IllegalStateException("portsplit did not start");
				}
				Thread.sleep(50);
			}
			drive(bind, connections / 5, parallel); // warm-up
			long cpuBefore = cpuTicks(process.pid());
			long start = System.nanoTime();
			drive(bind, connections, parallel);
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpuMicros = (cpuTicks(process.pid()) - cpuBefore) * (1e6 / CLOCK_TICKS);
			return new double[] { connections / seconds, cpuMicros / connections };
		}
		finally {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
			process.destroyForcibly();
			Files.deleteIfExists(conf);
		}
	}

	/** USER_HZ: 100 on Linux (getconf CLK_TCK). */
	static final double CLOCK_TICKS = 100;

	/** utime + stime of a process, in clock ticks. */
	static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static void drive(int port, int connections, int parallel) throws Exception {
		AtomicInteger left = new AtomicInteger(connections);
		ExecutorService clients = Executors.newFixedThreadPool(parallel, daemon());
		List<Future<?>> done = new ArrayList<>();
		byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes();
		for (int i = 0; i < parallel; i++) {
			done.add(clients.submit(() -> {
				byte[] buffer = new byte[4096];
				while (left.getAndDecrement() > 0) {
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
						socket.setSoTimeout(10000);
						socket.getOutputStream().write(request);
						InputStream in = socket.getInputStream();
						int total = 0;
						for (int n; (n = in.read(buffer)) >= 0;) {
							total += n;
						}
						if (total != 1024) {
							throw new IllegalStateException("short answer: " + total);
						}
					}
				}
				return null;
			}));
		}
		for (Future<?> f : done) {
			f.get(10, TimeUnit.MINUTES);
		}
		clients.shutdownNow();
	}

	static void serve(ServerSocket server, ExecutorService threads) {
		byte[] answer = new byte[1024];
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				threads.submit(() -> {
					try (socket) {
						InputStream in = socket.getInputStream();
						byte[] request = new byte[64];
						int got = 0;
						while (got < 18) {
							int n = in.read(request, got, request.length - got);
							if (n < 0) {
								return null;
							}
							got += n;
						}
						OutputStream out = socket.getOutputStream();
						out.write(answer);
						socket.shutdownOutput();
						while (in.read(request) >= 0) {
							// until the client closes
						}
					}
					return null;
				});
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	static java.util.concurrent.ThreadFactory daemon() {
		return runnable -> {
			Thread thread = new Thread(runnable);
			thread.setDaemon(true);
			return thread;
		};
	}

	static boolean canConnect(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}
}
