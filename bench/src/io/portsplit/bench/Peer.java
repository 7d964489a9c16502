package io.portsplit.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.portsplit.bench.Backends.Route;

/**
 * One thing the load goes through: a proxy started with a generated configuration, or
 * nothing at all ({@link Direct}). A proxy runs in its own {@link CpuGroup} when the
 * machine allows, and its CPU and memory are its process tree's.
 */
abstract class Peer {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	/** CPUs for the proxies ({@code --pin}), or null to let the scheduler choose. */
	static String proxyCpus;

	/**
	 * The {@code sni} scenario's TLS services ({@code --sni-services}), {@code name0.example} to
	 * {@code name(N-1).example}, all to the TLS backend; 0 when the scenario does not run, so the
	 * other scenarios' configurations stay as they were.
	 */
	static int tlsServices;

	/** How the TLS route is matched: by server name ({@code sni}), or by its first three bytes ({@code string}). */
	enum TlsBy {
		SNI, STRING
	}

	/** The server name the {@code sni} scenario's clients send: the last service's, so every one is tried. */
	static String tlsServerName() {
		return tlsName(tlsServices - 1);
	}

	static String tlsName(int service) {
		return "name" + service + ".example";
	}

	TlsBy tlsBy = TlsBy.SNI;

	/** Runs the {@code sni} scenario only (the {@code [tls string]} companions). */
	boolean tlsOnly;

	final String name;

	final List<Process> processes = new ArrayList<>();

	private final List<InetSocketAddress> listens = new ArrayList<>();

	private CpuGroup group;

	double startMillis = Double.NaN;

	/** From start to the end of the first short connection served in full. */
	double servedMillis = Double.NaN;

	Path log;

	Peer(String name) {
		this.name = name;
	}

	/** Null if it can run here, otherwise why not. */
	abstract String missing();

	/** One line naming the version, for the report. */
	abstract String version();

	/** The commands to start, given the backends; addresses it will listen on go to {@link #listen}. */
	abstract List<List<String>> commands(Backends backends, Path dir) throws IOException;

	/** Where a client of this route connects. */
	abstract InetSocketAddress address(Route route);

	boolean isProxy() {
		return true;
	}

	/** Whether this peer's configuration has the {@code sni} scenario's route. */
	boolean routesTls() {
		return true;
	}

	/** This peer with its TLS route matched by {@code \16\03\01} instead of by name; null if it has none. */
	Peer tlsStringCompanion() {
		return null;
	}

	/** A free loopback port that this peer will listen on, waited for at start. */
	protected InetSocketAddress listen() throws IOException {
		InetSocketAddress address = Net.loopback(Net.freePort());
		this.listens.add(address);
		return address;
	}

	final void start(Backends backends, Path dir) throws IOException {
		this.listens.clear();
		List<List<String>> commands = commands(backends, dir);
		if (commands.isEmpty()) {
			return;
		}
		this.group = CpuGroup.create("portsplit-bench-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
		this.log = dir.resolve(this.name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
		long t0 = System.nanoTime();
		for (List<String> command : commands) {
			if (proxyCpus != null) {
				List<String> pinned = new ArrayList<>(List.of("taskset", "-c", proxyCpus));
				pinned.addAll(command);
				command = pinned;
			}
			ProcessBuilder builder = new ProcessBuilder((this.group != null) ? this.group.wrap(command) : command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
			Process process = builder.start();
			this.processes.add(process);
			Bench.remember(process);
		}
		long deadline = t0 + 60_000_000_000L;
		for (InetSocketAddress address : this.listens) {
			while (!accepts(address)) {
				for (Process process : this.processes) {
					if (!process.isAlive()) {
						throw new IOException(this.name + " exited with status " + process.exitValue() + " before listening:\n"
								+ tail(this.log));
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IOException(this.name + " did not listen on " + address + " within 60 s:\n" + tail(this.log));
				}
				Holder.sleep(2);
			}
		}
		this.startMillis = (System.nanoTime() - t0) / 1e6;
		// Listening is not serving: a proxy may open its sockets before it can accept from them (portsplit binds
		// before its Spring context starts, and the kernel queues clients meanwhile). So also time one whole
		// short connection, which waits in the backlog until the proxy really serves.
		this.servedMillis = Double.NaN;
		InetSocketAddress http = address(Route.HTTP);
		while (!serves(http)) {
			for (Process process : this.processes) {
				if (!process.isAlive()) {
					throw new IOException(this.name + " exited with status " + process.exitValue()
							+ " before serving a connection:\n" + tail(this.log));
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IOException(this.name + " did not serve a connection within 60 s:\n" + tail(this.log));
			}
			Holder.sleep(2);
		}
		this.servedMillis = (System.nanoTime() - t0) / 1e6;
	}

	/** One short connection, answered in full; the read waits as long as the start-up deadline allows. */
	private static boolean serves(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 60_000);
			socket.setSoTimeout(60_000);
			socket.getOutputStream().write(ShortConns.REQUEST);
			InputStream in = socket.getInputStream();
			int got = 0;
			byte[] buffer = new byte[Backend.REPLY.length];
			while (got < buffer.length) {
				int n = in.read(buffer, got, buffer.length - got);
				if (n < 0) {
					return false;
				}
				got += n;
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean accepts(InetSocketAddress address) {
		try (SocketChannel channel = SocketChannel.open()) {
			channel.connect(address);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Fails the run when a proxy process has exited (e.g. sslh-select beyond select()'s 1,024 descriptors). */
	void checkAlive(String during) throws IOException {
		for (Process process : this.processes) {
			if (!process.isAlive()) {
				throw new IOException(this.name + " exited with status " + process.exitValue() + " during " + during);
			}
		}
	}

	List<Integer> pids() {
		List<Integer> pids = new ArrayList<>();
		for (Process process : this.processes) {
			pids.add((int) process.pid());
		}
		return pids;
	}

	/** CPU seconds the proxy has used since it started. */
	double cpuSeconds() {
		return (this.group != null) ? this.group.cpuSeconds() : Proc.cpuSeconds(pids());
	}

	/** The same from /proc alone, to cross-check the cgroup. */
	double procCpuSeconds() {
		return Proc.cpuSeconds(pids());
	}

	long rssKb() {
		return Proc.rssKb(pids());
	}

	long pssKb() {
		return Proc.pssKb(pids());
	}

	/** SIGTERM, then SIGKILL for whatever is left of the tree (and the group) after 10 s. */
	void stop() {
		List<ProcessHandle> all = new ArrayList<>();
		for (Process process : this.processes) {
			all.add(process.toHandle());
			process.toHandle().descendants().forEach(all::add);
		}
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		all.forEach(ProcessHandle::destroyForcibly);
		if (this.group != null) {
			for (int i = 0; i < 3; i++) {
				for (int pid : this.group.pids()) {
					ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
				}
				Holder.sleep(100);
			}
			this.group.remove();
			this.group = null;
		}
		this.processes.clear();
	}

	String cpuMethod() {
		return (this.group != null) ? "cgroup" : "proc";
	}

	static String tail(Path file) {
		try {
			List<String> lines = Files.readAllLines(file);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	static String which(String program) {
		for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
			Path candidate = Paths.get(dir, program);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	static String firstLine(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes()).trim();
			process.waitFor(5, TimeUnit.SECONDS);
			return out.isEmpty() ? "?" : out.split("\n")[0].trim();
		}
		catch (IOException | InterruptedException ex) {
			return "?";
		}
	}

	// ------------------------------------------------------------------------------------

	/** No proxy: the client talks to the backends themselves. The limit. */
	static final class Direct extends Peer {

		private Backends backends;

		Direct() {
			super("direct");
		}

		@Override
		String missing() {
			return null;
		}

		@Override
		String version() {
			return "no proxy";
		}

		@Override
		boolean isProxy() {
			return false;
		}

		@Override
		List<List<String>> commands(Backends backends, Path dir) {
			this.backends = backends;
			return List.of();
		}

		@Override
		InetSocketAddress address(Route route) {
			return this.backends.address(route);
		}
	}

	/** A proxy listening on one port for every route. */
	abstract static class SinglePort extends Peer {

		protected InetSocketAddress address;

		SinglePort(String name) {
			super(name);
		}

		@Override
		InetSocketAddress address(Route route) {
			return this.address;
		}
	}

	/**
	 * portsplit from the packaged jar (or {@code PORTSPLIT_CMD}), with a pattern service per
	 * route and {@code [fallback]} for iperf3. Per-connection INFO lines are turned off
	 * ({@code --logging.level.portsplit.connections=WARN}) so logging does not dominate.
	 */
	static final class Portsplit extends SinglePort {

		private final Path jar;

		private final List<String> javaOptions;

		private final List<String> args;

		Portsplit(String name, Path jar, List<String> javaOptions, List<String> args) {
			super(name);
			this.jar = jar;
			this.javaOptions = javaOptions;
			this.args = args;
		}

		@Override
		String missing() {
			if (System.getenv("PORTSPLIT_CMD") == null && !Files.isRegularFile(this.jar)) {
				return this.jar + " not built (mvn -B -q package -DskipTests)";
			}
			return null;
		}

		@Override
		String version() {
			String commit = firstLine("git", "-C", this.jar.toAbsolutePath().getParent().getParent().toString(), "rev-parse",
					"--short", "HEAD");
			// A variant that names its own jar (-jar FILE among its JVM options) runs that jar, whose commit git cannot tell.
			String jar = this.javaOptions.contains("-jar") ? "" : "-jar portsplit.jar ";
			return "portsplit " + (jar.isEmpty() ? "(its own jar; the checkout is " + commit + ")" : commit) + ", "
					+ String.join(" ", launcher()) + " "
					+ (this.javaOptions.isEmpty() ? "" : String.join(" ", this.javaOptions) + " ") + jar
					+ String.join(" ", this.args);
		}

		private List<String> launcher() {
			String custom = System.getenv("PORTSPLIT_CMD");
			if (custom != null && !custom.isBlank()) {
				return List.of(custom.trim().split("\\s+"));
			}
			return List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		}

		@Override
		List<List<String>> commands(Backends b, Path dir) throws IOException {
			this.address = listen();
			Path conf = dir.resolve(this.name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".conf");
			List<String> lines = new ArrayList<>(List.of(
					"# generated by bench/run",
					"bind = 127.0.0.1:" + this.address.getPort(),
					"maxconn = 20000",
					"[http]",
					"string = GET\\20",
					"connect = 127.0.0.1:" + b.reply.port(),
					"[ping]",
					"string = PING",
					"connect = 127.0.0.1:" + b.echo.port(),
					"[hold]",
					"string = HOLD",
					"connect = 127.0.0.1:" + b.hold.port()));
			lines.addAll(tlsServices(b));
			lines.addAll(List.of(
					"[fallback]",
					"connect = 127.0.0.1:" + b.iperfPort,
					""));
			Files.writeString(conf, String.join("\n", lines));
			List<String> command = new ArrayList<>(launcher());
			if (System.getenv("PORTSPLIT_CMD") == null) {
				command.addAll(this.javaOptions);
				// A variant may name its own jar (e.g. an extracted one for class-data sharing).
				if (!this.javaOptions.contains("-jar")) {
					command.add("-jar");
					command.add(this.jar.toString());
				}
			}
			command.add("--config=" + conf);
			command.add("--logging.level.portsplit.connections=WARN");
			command.addAll(this.args);
			return List.of(command);
		}

		/** The {@code sni} scenario's services: one per name, or one {@code string} service for every ClientHello. */
		private List<String> tlsServices(Backends b) {
			List<String> lines = new ArrayList<>();
			if (tlsServices > 0 && this.tlsBy == TlsBy.STRING) {
				lines.add("[tls]");
				lines.add("string = \\16\\03\\01");
				lines.add("connect = 127.0.0.1:" + b.tls.port());
			}
			for (int i = 0; i < tlsServices && this.tlsBy == TlsBy.SNI; i++) {
				lines.add("[tls" + i + "]");
				lines.add("sni = " + tlsName(i));
				lines.add("connect = 127.0.0.1:" + b.tls.port());
			}
			return lines;
		}

		@Override
		Peer tlsStringCompanion() {
			Portsplit companion = new Portsplit(this.name + "[tls string]", this.jar, this.javaOptions, this.args);
			companion.tlsBy = TlsBy.STRING;
			companion.tlsOnly = true;
			return companion;
		}
	}

	/** HAProxy in TCP mode, deciding with {@code tcp-request inspect-delay} and {@code req.payload} ACLs. */
	static final class Haproxy extends SinglePort {

		Haproxy() {
			this("haproxy");
		}

		private Haproxy(String name) {
			super(name);
		}

		@Override
		Peer tlsStringCompanion() {
			Haproxy companion = new Haproxy(this.name + "[tls string]");
			companion.tlsBy = TlsBy.STRING;
			companion.tlsOnly = true;
			return companion;
		}

		@Override
		String missing() {
			return (which("haproxy") == null) ? "haproxy not installed (apt-get install haproxy)" : null;
		}

		@Override
		String version() {
			return firstLine(which("haproxy"), "-v");
		}

		@Override
		List<List<String>> commands(Backends b, Path dir) throws IOException {
			this.address = listen();
			Path conf = dir.resolve(this.name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".cfg");
			if (tlsServices > 0) {
				Files.writeString(conf, tlsConfig(b));
				return List.of(List.of(which("haproxy"), "-db", "-f", conf.toString()));
			}
			Files.writeString(conf, String.join("\n",
					"# generated by bench/run: the same routes as portsplit's configuration",
					"global",
					// Two descriptors per connection, within the limit bench/run could get.
					"    maxconn " + Math.max(1000, Math.min(20000, (Integer.getInteger("bench.nofile", 20000) - 200) / 2)),
					"defaults",
					"    mode tcp",
					"    timeout connect 5s",
					"    timeout client 1h",
					"    timeout server 1h",
					"frontend bench",
					"    bind 127.0.0.1:" + this.address.getPort(),
					"    tcp-request inspect-delay 5s",
					"    acl is_http req.payload(0,4) -m bin 47455420",
					"    acl is_ping req.payload(0,4) -m bin 50494e47",
					"    acl is_hold req.payload(0,4) -m bin 484f4c44",
					"    tcp-request content accept if is_http || is_ping || is_hold",
					"    # Four bytes decide every pattern: anything else goes to the fallback backend.",
					"    tcp-request content accept if { req.len ge 4 }",
					"    use_backend http if is_http",
					"    use_backend ping if is_ping",
					"    use_backend hold if is_hold",
					"    default_backend fallback",
					"backend http",
					"    server s 127.0.0.1:" + b.reply.port(),
					"backend ping",
					"    server s 127.0.0.1:" + b.echo.port(),
					"backend hold",
					"    server s 127.0.0.1:" + b.hold.port(),
					"backend fallback",
					"    server s 127.0.0.1:" + b.iperfPort,
					""));
			return List.of(List.of(which("haproxy"), "-db", "-f", conf.toString()));
		}

		/**
		 * With the {@code sni} scenario: the same routes, and the TLS services, decided once the whole
		 * ClientHello is in ({@code req.ssl_hello_type 1}) by {@code req.ssl_sni}, one backend per name,
		 * or by its first three bytes ({@code [tls string]}). A ClientHello still coming in is not
		 * sent to the fallback after 4 bytes.
		 */
		private String tlsConfig(Backends b) {
			List<String> lines = new ArrayList<>(List.of(
					"# generated by bench/run: the same routes as portsplit's configuration, with the sni scenario's",
					"global",
					"    maxconn " + Math.max(1000, Math.min(20000, (Integer.getInteger("bench.nofile", 20000) - 200) / 2)),
					"defaults",
					"    mode tcp",
					"    timeout connect 5s",
					"    timeout client 1h",
					"    timeout server 1h",
					"frontend bench",
					"    bind 127.0.0.1:" + this.address.getPort(),
					"    tcp-request inspect-delay 5s",
					"    acl is_http req.payload(0,4) -m bin 47455420",
					"    acl is_ping req.payload(0,4) -m bin 50494e47",
					"    acl is_hold req.payload(0,4) -m bin 484f4c44"));
			if (this.tlsBy == TlsBy.STRING) {
				lines.add("    acl is_tls req.payload(0,3) -m bin 160301");
			}
			else {
				lines.add("    acl is_tls req.ssl_hello_type 1");
			}
			lines.addAll(List.of(
					"    tcp-request content accept if is_http || is_ping || is_hold || is_tls",
					"    tcp-request content accept if { req.len ge 4 } !{ req.payload(0,1) -m bin 16 }",
					"    use_backend http if is_http",
					"    use_backend ping if is_ping",
					"    use_backend hold if is_hold"));
			if (this.tlsBy == TlsBy.STRING) {
				lines.add("    use_backend tls if is_tls");
			}
			else {
				for (int i = 0; i < tlsServices; i++) {
					lines.add("    use_backend tls" + i + " if { req.ssl_sni -i " + tlsName(i) + " }");
				}
			}
			lines.addAll(List.of(
					"    default_backend fallback",
					"backend http",
					"    server s 127.0.0.1:" + b.reply.port(),
					"backend ping",
					"    server s 127.0.0.1:" + b.echo.port(),
					"backend hold",
					"    server s 127.0.0.1:" + b.hold.port(),
					"backend fallback",
					"    server s 127.0.0.1:" + b.iperfPort));
			if (this.tlsBy == TlsBy.STRING) {
				lines.add("backend tls");
				lines.add("    server s 127.0.0.1:" + b.tls.port());
			}
			else {
				for (int i = 0; i < tlsServices; i++) {
					lines.add("backend tls" + i);
					lines.add("    server s 127.0.0.1:" + b.tls.port());
				}
			}
			lines.add("");
			return String.join("\n", lines);
		}
	}

	/**
	 * sslh: {@code sslh} is Debian's fork model (a process per connection), {@code sslh-select}
	 * the single-process one. The built-in {@code http} probe, {@code regex} probes for the
	 * other patterns, and {@code anyprot} as the fallback.
	 */
	static final class Sslh extends SinglePort {

		private final String program;

		Sslh(String program) {
			super(program);
			this.program = program;
		}

		@Override
		String missing() {
			return (which(this.program) == null) ? this.program + " not installed (apt-get install sslh)" : null;
		}

		@Override
		String version() {
			return firstLine(which(this.program), "-V");
		}

		@Override
		boolean routesTls() {
			return false;
		}

		@Override
		List<List<String>> commands(Backends b, Path dir) throws IOException {
			this.address = listen();
			Path conf = dir.resolve(this.program + ".cfg");
			Files.writeString(conf, String.join("\n",
					"# generated by bench/run: the same routes as portsplit's configuration",
					"foreground: true;",
					"inetd: false;",
					"numeric: true;",
					"transparent: false;",
					"timeout: 5;",
					"listen: ( { host: \"127.0.0.1\"; port: \"" + this.address.getPort() + "\"; } );",
					"protocols: (",
					"  { name: \"http\"; host: \"127.0.0.1\"; port: \"" + b.reply.port() + "\"; log_level: 0; },",
					"  { name: \"regex\"; host: \"127.0.0.1\"; port: \"" + b.echo.port()
							+ "\"; regex_patterns: [ \"^PING\" ]; log_level: 0; },",
					"  { name: \"regex\"; host: \"127.0.0.1\"; port: \"" + b.hold.port()
							+ "\"; regex_patterns: [ \"^HOLD\" ]; log_level: 0; },",
					"  { name: \"anyprot\"; host: \"127.0.0.1\"; port: \"" + b.iperfPort + "\"; log_level: 0; }",
					");",
					""));
			return List.of(List.of(which(this.program), "-F" + conf));
		}
	}

	/** socat cannot look at the first bytes: one forking listener per route. */
	static final class Socat extends Peer {

		private final Map<Route, InetSocketAddress> addresses = new EnumMap<>(Route.class);

		Socat() {
			super("socat");
		}

		@Override
		String missing() {
			return (which("socat") == null) ? "socat not installed (apt-get install socat)" : null;
		}

		@Override
		String version() {
			return socatVersion();
		}

		private static String socatVersion() {
			try {
				Process process = new ProcessBuilder(which("socat"), "-V").redirectErrorStream(true).start();
				for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
					if (line.startsWith("socat version")) {
						return line.trim();
					}
				}
			}
			catch (IOException ignored) {
				// fall through
			}
			return "socat ?";
		}

		@Override
		List<List<String>> commands(Backends b, Path dir) throws IOException {
			List<List<String>> commands = new ArrayList<>();
			for (Route route : Route.values()) {
				if (route == Route.TLS && tlsServices == 0) {
					continue;
				}
				InetSocketAddress address = listen();
				this.addresses.put(route, address);
				commands.add(List.of(which("socat"),
						"TCP-LISTEN:" + address.getPort() + ",bind=127.0.0.1,reuseaddr,fork,backlog=4096,nodelay",
						"TCP:127.0.0.1:" + b.address(route).getPort() + ",nodelay"));
			}
			return commands;
		}

		@Override
		InetSocketAddress address(Route route) {
			return this.addresses.get(route);
		}
	}
}
