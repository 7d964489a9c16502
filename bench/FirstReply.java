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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start to first routed reply of a plain {@code java -jar portsplit.jar}, first start and
 * later starts, with the start-up cache in a directory of its own. Not part of
 * {@code verify}; see bench/README.md. Run from the project directory:
 *
 * <pre>java bench/FirstReply.java [--java PATH] [--jar FILE] [--runs N] [--warmup K] [--clear-cache] ...</pre>
 *
 * For each start: a backend on a free loopback port that answers each connection with
 * {@code PONG } and what it read; a configuration binding another free loopback port with
 * one service for {@code PING}; the command started. From that moment a client tries to
 * connect every 5 ms (each connect bounded by 200 ms); once connected it sends
 * {@code PING} and waits for {@code PONG PING}. Recorded, in seconds after the start:
 * <i>exec</i> (when {@code /proc/PID/cmdline} changed: the JVM switch's execve),
 * <i>listen</i> (the first TCP connect accepted: portsplit binds before Spring starts),
 * <i>reply</i> (the first routed reply), and the process's CPU seconds at that reply. Then
 * SIGTERM (SIGKILL after 30 s). With {@code --also NAME=JAR} (repeatable) the jars are
 * compared: each has a cache directory of its own, and each round starts every jar once, in
 * turn, so that the machine's drift over the minutes falls on all of them alike; the summary
 * adds, per jar, the median of its per-round difference in first reply from the first jar.
 * Java, not a shell loop: a loop that forks a process per
 * poll takes one of the two cores from the JVM it is timing.
 * <p>
 * With {@code --clear-cache} the first start is measured on an empty cache, then kept
 * running until its background training has said how it ended (at most
 * {@code --train-wait} s), so the later starts find the entry. Everything is on 127.0.0.1
 * and bounded; every process started is stopped when the tool ends, however it ends.
 */
public class FirstReply {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final byte[] REQUEST = "PING".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REPLY = "PONG PING".getBytes(StandardCharsets.US_ASCII);

	private static final long POLL_MILLIS = 5;

	private static final String USAGE = """
			usage: java bench/FirstReply.java [options]
			  --java PATH        the java to run (default: this JVM's)
			  --jar FILE         the jar (default: target/portsplit.jar)
			  --command 'CMD'    run CMD (split on spaces) instead of 'JAVA -jar JAR'; the tool adds the arguments
			  --runs N           counted later starts (default 5)
			  --warmup K         uncounted starts before them (default 1)
			  --cache-dir DIR    PORTSPLIT_CACHE_DIR for portsplit (default: a new directory under /tmp)
			  --clear-cache      empty the cache directory first, and report the first start on its own
			  --train-wait S     how long the first start may train before it is stopped (default 300)
			  --env NAME=VALUE   set in portsplit's environment (e.g. PORTSPLIT_CACHE=off); repeatable
			  --deadline S       longest a start may take to its first reply (default 120)
			  --label TEXT       a name for the summary line
			  --also NAME=JAR    compare with JAR, one start of each in turn per round; repeatable
			""";

	private final Map<String, String> options = new LinkedHashMap<>();

	private final List<String> environment = new ArrayList<>();

	/** {@code NAME=JAR} of each {@code --also}. */
	private final List<String> also = new ArrayList<>();

	private Process running;

	public static void main(String[] args) throws Exception {
		FirstReply tool = new FirstReply();
		try {
			tool.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("FirstReply: " + ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
		}
		System.exit(tool.run());
	}

	private void parse(String[] args) {
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "-h", "--help" -> {
					System.out.print(USAGE);
					System.exit(0);
				}
				case "--clear-cache" -> this.options.put(arg, "yes");
				case "--java", "--jar", "--command", "--runs", "--warmup", "--cache-dir", "--train-wait", "--deadline",
						"--label", "--env", "--also" -> {
					if (i + 1 >= args.length) {
						throw new IllegalArgumentException(arg + " needs a value");
					}
					if (arg.equals("--env") || arg.equals("--also")) {
						if (!args[i + 1].contains("=")) {
							throw new IllegalArgumentException(arg + " takes NAME=VALUE");
						}
						(arg.equals("--env") ? this.environment : this.also).add(args[++i]);
					}
					else {
						this.options.put(arg, args[++i]);
					}
				}
				default -> throw new IllegalArgumentException("unknown option " + arg);
			}
		}
	}

	private int run() throws Exception {
		String java = this.options.getOrDefault("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Path jar = Path.of(this.options.getOrDefault("--jar", "target/portsplit.jar")).toAbsolutePath();
		if (!this.options.containsKey("--command") && !Files.isRegularFile(jar)) {
			System.err.println("FirstReply: " + jar + " not found (./mvnw -B package -DskipTests)");
			return 2;
		}
		List<String> command = this.options.containsKey("--command")
				? List.of(this.options.get("--command").trim().split("\\s+")) : List.of(java, "-jar", jar.toString());
		int runs = Integer.parseInt(this.options.getOrDefault("--runs", "5"));
		int warmup = Integer.parseInt(this.options.getOrDefault("--warmup", "1"));
		long deadline = TimeUnit.SECONDS.toNanos(Long.parseLong(this.options.getOrDefault("--deadline", "120")));
		long trainWait = TimeUnit.SECONDS.toNanos(Long.parseLong(this.options.getOrDefault("--train-wait", "300")));
		String label = this.options.getOrDefault("--label", this.also.isEmpty() ? String.join(" ", command) : "first");
		List<String> names = new ArrayList<>(List.of(label));
		List<List<String>> commands = new ArrayList<>(List.of(command));
		for (String named : this.also) {
			String name = named.substring(0, named.indexOf('='));
			Path other = Path.of(named.substring(named.indexOf('=') + 1)).toAbsolutePath();
			if (name.isBlank() || names.contains(name)) {
				System.err.println("FirstReply: --also needs a name of its own, not '" + name + "'");
				return 2;
			}
			if (!Files.isRegularFile(other)) {
				System.err.println("FirstReply: " + other + " not found");
				return 2;
			}
			names.add(name);
			commands.add(List.of(java, "-jar", other.toString()));
		}
		Path work = Files.createTempDirectory("portsplit-firstreply-");
		Path cache = this.options.containsKey("--cache-dir") ? Path.of(this.options.get("--cache-dir")).toAbsolutePath()
				: work.resolve("cache");
		Runtime.getRuntime().addShutdownHook(new Thread(this::killRunning));

		List<Subject> subjects = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			// With several, each its own entry: DIR/1, DIR/2, ... in the order given.
			subjects.add(new Subject(names.get(i), commands.get(i),
					(names.size() == 1) ? cache : cache.resolve(Integer.toString(i + 1))));
		}
		for (Subject subject : subjects) {
			System.out.printf("# %s%n# command: %s --config=FILE --server.port=0%n# cache: %s%n", subject.name,
					String.join(" ", subject.command), subject.cache);
		}
		System.out.printf("# env: %s%n# load: %s%n# logs: %s%n",
				this.environment.isEmpty() ? "-" : String.join(" ", this.environment), loadAverage(), work);

		int index = 0;
		if (this.options.containsKey("--clear-cache")) {
			for (Subject subject : subjects) {
				clear(subject.cache);
				subject.first = start(subject.command, subject.cache, work, ++index, deadline, trainWait);
				print(tag(subjects, subject, "first"), subject.first);
			}
		}
		// One start of each subject per round: with several, the machine's drift falls on all alike; the order
		// turns by one each round, so that coming first (or after a given jar) favours none of them.
		for (int i = 0; i < warmup + runs; i++) {
			for (int k = 0; k < subjects.size(); k++) {
				Subject subject = subjects.get((i + k) % subjects.size());
				Start start = start(subject.command, subject.cache, work, ++index, deadline, 0);
				print(tag(subjects, subject, i < warmup ? "warmup" : "run " + (i - warmup + 1)), start);
				if (i >= warmup) {
					subject.later.add(start);
				}
			}
		}
		System.out.printf("# load at end: %s; median [min-max] of each, seconds%n", loadAverage());
		System.out.printf("%-32s %4s %22s %22s %22s %22s%n", "", "n", "exec", "listen", "first reply", "CPU s at reply");
		boolean allReplied = true;
		for (Subject subject : subjects) {
			if (subject.first != null) {
				summary(subject.name + ", first start", List.of(subject.first));
				allReplied &= subject.first.reply >= 0;
			}
			summary(subject.name + (subject.first != null ? ", later starts" : ""), subject.later);
			allReplied &= subject.later.stream().allMatch(start -> start.reply >= 0);
		}
		for (Subject subject : subjects.subList(1, subjects.size())) {
			paired(subjects.get(0), subject);
		}
		return allReplied ? 0 : 1;
	}

	private static String tag(List<Subject> subjects, Subject subject, String what) {
		return (subjects.size() == 1) ? what : what + " " + subject.name;
	}

	/** The per-round difference in first reply of {@code other} from {@code base}: its median, and how often it is below 0. */
	private static void paired(Subject base, Subject other) {
		double[] differences = new double[Math.min(base.later.size(), other.later.size())];
		int known = 0;
		int faster = 0;
		for (int i = 0; i < differences.length; i++) {
			if (base.later.get(i).reply >= 0 && other.later.get(i).reply >= 0) {
				differences[known] = other.later.get(i).reply - base.later.get(i).reply;
				faster += (differences[known] < 0) ? 1 : 0;
				known++;
			}
		}
		double[] sorted = Arrays.stream(differences, 0, known).sorted().toArray();
		if (sorted.length == 0) {
			return;
		}
		double median = (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		System.out.printf(Locale.ROOT, "%s - %s, first reply by round: median %+.3f s [%+.2f..%+.2f], %s sooner in %d of %d%n",
				other.name, base.name, median, sorted[0], sorted[sorted.length - 1], other.name, faster, sorted.length);
	}

	/** One start, measured; stopped at once, or after its training when {@code trainWait} is positive. */
	private Start start(List<String> command, Path cache, Path work, int index, long deadline, long trainWait)
			throws Exception {
		try (Backend backend = new Backend()) {
			int port = freePort();
			Path config = work.resolve("portsplit-" + index + ".conf");
			Files.writeString(config, "bind = 127.0.0.1:" + port + "\n[bench]\nstring = PING\nconnect = 127.0.0.1:"
					+ backend.port() + "\n");
			List<String> full = new ArrayList<>(command);
			full.add("--config=" + config);
			full.add("--server.port=0");
			ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
				.redirectOutput(work.resolve("portsplit-" + index + ".log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
			builder.environment().keySet().removeAll(List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"));
			builder.environment().put("PORTSPLIT_CACHE_DIR", cache.toString());
			for (String variable : this.environment) {
				builder.environment().put(variable.substring(0, variable.indexOf('=')),
						variable.substring(variable.indexOf('=') + 1));
			}
			Start start = new Start();
			long t0 = System.nanoTime();
			Process process = builder.start();
			synchronized (this) {
				this.running = process;
			}
			try {
				probe(process, port, t0, deadline, start);
				start.cpuAtReply = cpuSeconds(process.pid());
				if (trainWait > 0 && start.reply >= 0 && trains(process.pid())) {
					start.training = awaitTraining(process, work.resolve("portsplit-" + index + ".log"), trainWait);
				}
			}
			finally {
				stop(process);
				synchronized (this) {
					this.running = null;
				}
			}
			return start;
		}
	}

	/** Polls for the execve and for a routed reply until one comes or the deadline passes. */
	private static void probe(Process process, int port, long t0, long deadline, Start start) throws Exception {
		byte[] initial = cmdline(process.pid());
		while (System.nanoTime() - t0 < deadline && process.isAlive()) {
			if (start.exec < 0) {
				byte[] now = cmdline(process.pid());
				if (now != null && !Arrays.equals(now, initial)) {
					start.exec = seconds(t0);
				}
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
				if (start.listen < 0) {
					start.listen = seconds(t0);
				}
				socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - (System.nanoTime() - t0))));
				socket.getOutputStream().write(REQUEST);
				byte[] reply = socket.getInputStream().readNBytes(REPLY.length);
				if (Arrays.equals(reply, REPLY)) {
					start.reply = seconds(t0);
					return;
				}
				start.bad++;
			}
			catch (IOException ex) {
				// not listening yet, or reset: try again
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	/** Whether the switch asked this daemon to train the cache. */
	private static boolean trains(long pid) {
		byte[] cmdline = cmdline(pid);
		return cmdline != null && new String(cmdline, StandardCharsets.UTF_8).contains("-Dportsplit.cache.train=");
	}

	/** Waits for the daemon's line saying how the training ended; returns it, shortened. */
	private static String awaitTraining(Process process, Path log, long wait) throws Exception {
		long t0 = System.nanoTime();
		while (System.nanoTime() - t0 < wait && process.isAlive()) {
			try (Stream<String> lines = Files.lines(log)) {
				String outcome = lines.filter(line -> line.contains("start-up cache:") && !line.contains("start-up cache: training "))
					.findFirst()
					.orElse(null);
				if (outcome != null) {
					return outcome.substring(outcome.indexOf("start-up cache:"));
				}
			}
			Thread.sleep(500);
		}
		return "no outcome within " + TimeUnit.NANOSECONDS.toSeconds(wait) + " s";
	}

	private static void stop(Process process) throws InterruptedException {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy(); // SIGTERM
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

	private synchronized void killRunning() {
		if (this.running != null) {
			this.running.descendants().forEach(ProcessHandle::destroyForcibly);
			this.running.destroyForcibly();
		}
	}

	private static void print(String tag, Start start) {
		System.out.printf(Locale.ROOT, "%-8s exec %6s  listen %6s  reply %6s  cpu@reply %5s%s%s%n", tag, format(start.exec),
				format(start.listen), format(start.reply), format(start.cpuAtReply),
				start.bad > 0 ? "  bad replies " + start.bad : "", start.training != null ? "\n         " + start.training : "");
	}

	private static void summary(String label, List<Start> starts) {
		System.out.printf(Locale.ROOT, "%-32s %4d %22s %22s %22s %22s%n", label, starts.size(),
				stats(starts.stream().mapToDouble(s -> s.exec).toArray()),
				stats(starts.stream().mapToDouble(s -> s.listen).toArray()),
				stats(starts.stream().mapToDouble(s -> s.reply).toArray()),
				stats(starts.stream().mapToDouble(s -> s.cpuAtReply).toArray()));
	}

	private static String stats(double[] values) {
		double[] known = Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
		if (known.length == 0) {
			return "-";
		}
		double median = (known.length % 2 == 1) ? known[known.length / 2]
				: (known[known.length / 2 - 1] + known[known.length / 2]) / 2;
		return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median, known[0], known[known.length - 1]);
	}

	private static String format(double seconds) {
		return (seconds < 0) ? "-" : String.format(Locale.ROOT, "%.3f", seconds);
	}

	private static double seconds(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	private static byte[] cmdline(long pid) {
		try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(pid), "cmdline"))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** utime + stime of /proc/PID/stat, in seconds (USER_HZ is 100 on Linux). */
	private static double cpuSeconds(long pid) {
		try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(pid), "stat"))) {
			String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static void clear(Path cache) throws IOException {
		if (!Files.exists(cache)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(cache)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				if (!path.equals(cache)) {
					Files.delete(path);
				}
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
			return socket.getLocalPort();
		}
	}

	/** A jar or command measured, with its own cache directory and starts. */
	private static final class Subject {

		final String name;

		final List<String> command;

		final Path cache;

		Start first;

		final List<Start> later = new ArrayList<>();

		Subject(String name, List<String> command, Path cache) {
			this.name = name;
			this.command = command;
			this.cache = cache;
		}
	}

	/** What one start took; -1 for what did not happen. */
	private static final class Start {

		double exec = -1;

		double listen = -1;

		double reply = -1;

		double cpuAtReply = -1;

		int bad;

		String training;
	}

	/** Answers each connection with {@code PONG } and the bytes of the request, on a thread of its own. */
	private static final class Backend implements AutoCloseable {

		private final ServerSocket server;

		Backend() throws IOException {
			this.server = new ServerSocket(0, 64, LOOPBACK);
			Thread accept = new Thread(this::accept, "backend");
			accept.setDaemon(true);
			accept.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					Socket client = this.server.accept();
					Thread serve = new Thread(() -> serve(client), "backend-connection");
					serve.setDaemon(true);
					serve.start();
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		private static void serve(Socket client) {
			try (client) {
				client.setSoTimeout(10_000);
				byte[] request = client.getInputStream().readNBytes(REQUEST.length);
				OutputStream out = client.getOutputStream();
				out.write("PONG ".getBytes(StandardCharsets.US_ASCII));
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				// the client went away
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}
	}
}
