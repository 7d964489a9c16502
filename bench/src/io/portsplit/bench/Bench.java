package io.portsplit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.portsplit.bench.Backends.Route;

/**
 * The benchmark of issue 7. Started by {@code bench/run}, which compiles it, raises the
 * descriptor limit and passes the options through; see bench/README.md.
 */
public final class Bench {

	static final String USAGE = """
			usage: bench/run [--quick] [--rounds N] [--peers a,b,...] [--scenarios start,short,rtt,bulk,mem,sni]
			                 [--conns N] [--in-flight N] [--short-seconds S] [--pings N] [--bulk-seconds S] [--hold N,N] [--hold-pause S]
			                 [--sni-conns N] [--sni-services N] [--settle S]
			                 [--variant 'LABEL|JAVA OPTIONS|PORTSPLIT ARGS'] [--metrics-compare 'PORTSPLIT ARGS']
			                 [--pin CLIENT_CPUS:PROXY_CPUS] [--out FILE | --no-write]
			peers: portsplit haproxy sslh sslh-select socat direct (default: all that are installed)
			scenarios: all but sni by default; sni (TLS ClientHellos routed by server name) adds the peers
			           portsplit[tls string] and haproxy[tls string], which route them by \\16\\03\\01 instead
			env:   PORTSPLIT_JAVA_OPTS, PORTSPLIT_ARGS (added to every portsplit run), PORTSPLIT_CMD (replaces 'java -jar portsplit.jar')
			""";

	private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

	private static Path runDir;

	/** The sni scenario's first bytes, or null when it does not run. */
	private static byte[] tlsHello;

	private Bench() {
	}

	/** Every process started is killed with its descendants when the harness exits, however it exits. */
	static void remember(Process process) {
		STARTED.add(process);
		if (runDir != null) {
			String start = "?";
			String text = Proc.read(Paths.get("/proc", Long.toString(process.pid()), "stat"));
			if (text != null) {
				String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
				start = f[19];
			}
			try {
				Files.writeString(runDir.resolve("pids"), process.pid() + " " + start + "\n", StandardCharsets.US_ASCII,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ignored) {
				// bench/run's own trap is only a second line of defence
			}
		}
	}

	private static void killAll() {
		for (Process process : STARTED) {
			List<ProcessHandle> tree = new ArrayList<>();
			tree.add(process.toHandle());
			process.toHandle().descendants().forEach(tree::add);
			tree.forEach(ProcessHandle::destroyForcibly);
		}
	}

	// ------------------------------------------------------------------------------------

	static final class Options {

		boolean quick;

		int rounds = 3;

		List<String> peers = List.of("portsplit", "haproxy", "sslh", "sslh-select", "socat", "direct");

		boolean peersGiven;

		Set<String> scenarios = new LinkedHashSet<>(List.of("start", "short", "rtt", "bulk", "mem"));

		int conns = 20_000;

		int inFlight = 64;

		int pings = 10_000;

		int bulkSeconds = 5;

		int[] hold = { 1000, 5000 };

		int warmConns = 2000;

		/** No new short connection after this long; only slow proxies (a fork per connection) reach it. */
		int shortSeconds = 30;

		/** Seconds to wait with each number of connections held, to look at the proxy (jcmd, top). */
		int holdPause;

		/**
		 * Seconds a proxy may take, once it serves, to become idle (below {@link #SETTLED_CPU} of a CPU
		 * over a second) before it is measured; 0 measures it at once.
		 */
		int settle;

		/** The sni scenario's connections: as many in quick and full runs. */
		int sniConns = 5000;

		/** The sni scenario's services, each with one server name; the clients send the last one's. */
		int sniServices = 10;

		Path out = Paths.get("bench/results/latest.md");

		boolean write = true;

		Path jar = Paths.get("target/portsplit.jar");

		final List<String[]> variants = new ArrayList<>();

		String metricsCompare;

		/** {@code CLIENT_CPUS:PROXY_CPUS} for taskset, or null. */
		String pin;

		final List<String> commandLine = new ArrayList<>();

		static Options parse(String[] args) {
			Options o = new Options();
			Map<String, Boolean> given = new LinkedHashMap<>();
			o.commandLine.addAll(Arrays.asList(args));
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				String value = null;
				int eq = arg.indexOf('=');
				if (arg.startsWith("--") && eq > 0) {
					value = arg.substring(eq + 1);
					arg = arg.substring(0, eq);
				}
				switch (arg) {
					case "--quick" -> o.quick = true;
					case "--no-write" -> o.write = false;
					case "-h", "--help" -> {
						System.out.print(USAGE);
						System.exit(0);
					}
					default -> {
						if (value == null) {
							if (i + 1 >= args.length) {
								throw new IllegalArgumentException(arg + " needs a value");
							}
							value = args[++i];
						}
						given.put(arg, true);
						switch (arg) {
							case "--rounds" -> o.rounds = Integer.parseInt(value);
							case "--peers" -> {
								o.peers = List.of(value.split(","));
								o.peersGiven = true;
							}
							case "--scenarios" -> o.scenarios = new LinkedHashSet<>(List.of(value.split(",")));
							case "--conns" -> o.conns = Integer.parseInt(value);
							case "--in-flight" -> o.inFlight = Integer.parseInt(value);
							case "--pings" -> o.pings = Integer.parseInt(value);
							case "--short-seconds" -> o.shortSeconds = Integer.parseInt(value);
							case "--hold-pause" -> o.holdPause = Integer.parseInt(value);
							case "--settle" -> o.settle = Integer.parseInt(value);
							case "--sni-conns" -> o.sniConns = Integer.parseInt(value);
							case "--sni-services" -> o.sniServices = Integer.parseInt(value);
							case "--bulk-seconds" -> o.bulkSeconds = Integer.parseInt(value);
							case "--hold" -> o.hold = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
							case "--out" -> o.out = Paths.get(value);
							case "--jar" -> o.jar = Paths.get(value);
							case "--variant" -> {
								String[] parts = value.split("\\|", -1);
								if (parts.length != 3 || parts[0].isBlank()) {
									throw new IllegalArgumentException("--variant wants 'LABEL|JAVA OPTIONS|PORTSPLIT ARGS'");
								}
								o.variants.add(parts);
							}
							case "--metrics-compare" -> o.metricsCompare = value;
							case "--pin" -> {
								if (!value.matches("[0-9,-]+:[0-9,-]+")) {
									throw new IllegalArgumentException("--pin wants CLIENT_CPUS:PROXY_CPUS, e.g. 0-1:2-3");
								}
								o.pin = value;
							}
							default -> throw new IllegalArgumentException("unknown option " + arg);
						}
					}
				}
			}
			if (o.quick) {
				if (!given.containsKey("--rounds")) {
					o.rounds = 1;
				}
				if (!given.containsKey("--conns")) {
					o.conns = 5000;
				}
				if (!given.containsKey("--pings")) {
					o.pings = 2000;
				}
				if (!given.containsKey("--bulk-seconds")) {
					o.bulkSeconds = 2;
				}
				if (!given.containsKey("--hold")) {
					o.hold = new int[] { 1000 };
				}
				o.warmConns = 1000;
				if (!given.containsKey("--short-seconds")) {
					o.shortSeconds = 15;
				}
			}
			for (String scenario : o.scenarios) {
				if (!List.of("start", "short", "rtt", "bulk", "mem", "sni").contains(scenario)) {
					throw new IllegalArgumentException("unknown scenario " + scenario);
				}
			}
			if (o.sniServices < 1 || o.sniConns < 1) {
				throw new IllegalArgumentException("--sni-services and --sni-conns want at least 1");
			}
			return o;
		}

		boolean runs(String scenario) {
			return this.scenarios.contains(scenario);
		}
	}

	/** The figures of one peer in one round, by metric name; missing ones are absent. */
	static final class Run {

		final String peer;

		final int round;

		final Map<String, Double> values = new LinkedHashMap<>();

		final List<String> notes = new ArrayList<>();

		Run(String peer, int round) {
			this.peer = peer;
			this.round = round;
		}

		void put(String metric, double value) {
			this.values.put(metric, value);
		}

		Double get(String metric) {
			return this.values.get(metric);
		}
	}

	// ------------------------------------------------------------------------------------

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("bench: " + ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		runDir = Paths.get(System.getProperty("bench.dir", Files.createTempDirectory("portsplit-bench").toString()));
		Files.createDirectories(runDir);
		Runtime.getRuntime().addShutdownHook(new Thread(Bench::killAll, "bench-cleanup"));

		if (options.pin != null) {
			String[] cpus = options.pin.split(":");
			Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus[0],
					Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
			String out = new String(taskset.getInputStream().readAllBytes()).trim();
			if (taskset.waitFor() != 0) {
				System.err.println("bench: taskset failed: " + out);
				System.exit(2);
			}
			Peer.proxyCpus = cpus[1];
		}
		if (options.runs("sni")) {
			Peer.tlsServices = options.sniServices;
			tlsHello = TlsHello.withServerName(Peer.tlsServerName());
		}
		List<Peer> peers = peers(options);
		Map<String, String> skipped = new LinkedHashMap<>();
		List<Peer> runnable = new ArrayList<>();
		for (Peer peer : peers) {
			String missing = peer.missing();
			if (missing == null) {
				runnable.add(peer);
			}
			else {
				skipped.put(peer.name, missing);
				System.out.println("skipping " + peer.name + ": " + missing);
			}
		}
		boolean bulk = options.runs("bulk");
		if (bulk && Peer.which("iperf3") == null) {
			System.out.println("skipping bulk throughput: iperf3 not installed (apt-get install iperf3)");
			options.scenarios.remove("bulk");
			bulk = false;
		}
		Machine machine = Machine.describe(runnable);
		System.out.println("bench: " + runnable.size() + " peers x " + options.rounds + " rounds; work files in " + runDir);
		System.out.println("bench: CPU measured with " + CpuGroup.describe());
		long began = System.nanoTime();
		List<Run> runs = new ArrayList<>();
		for (int round = 0; round < options.rounds; round++) {
			for (int k = 0; k < runnable.size(); k++) {
				// Each round starts one peer further on, so no peer always runs right after the same one.
				Peer peer = runnable.get((k + round) % runnable.size());
				Run run = runOne(peer, round + 1, options);
				runs.add(run);
				System.out.println(Report.progressLine(run, options));
			}
		}
		machine.finish((System.nanoTime() - began) / 1e9);
		String report = Report.markdown(options, machine, runnable, skipped, runs);
		System.out.println();
		System.out.println(report);
		if (options.write) {
			Path out = options.out;
			if (out.getParent() != null) {
				Files.createDirectories(out.getParent());
			}
			Files.writeString(out, report);
			System.out.println("written to " + out);
		}
	}

	private static List<Peer> peers(Options options) {
		List<String> baseArgs = words(System.getenv("PORTSPLIT_ARGS"));
		List<String> baseJava = words(System.getenv("PORTSPLIT_JAVA_OPTS"));
		List<Peer> peers = new ArrayList<>();
		for (String name : options.peers) {
			switch (name.trim()) {
				case "portsplit" -> {
					peers.add(new Peer.Portsplit("portsplit", options.jar, baseJava, baseArgs));
					for (String[] variant : options.variants) {
						peers.add(new Peer.Portsplit("portsplit[" + variant[0].trim() + "]", options.jar,
								concat(baseJava, words(variant[1])), concat(baseArgs, words(variant[2]))));
					}
					if (options.metricsCompare != null) {
						peers.add(new Peer.Portsplit(Report.METRICS_OFF, options.jar, baseJava,
								concat(baseArgs, words(options.metricsCompare))));
					}
				}
				case "haproxy" -> peers.add(new Peer.Haproxy());
				case "sslh", "sslh-fork" -> peers.add(new Peer.Sslh("sslh"));
				case "sslh-select" -> peers.add(new Peer.Sslh("sslh-select"));
				case "socat" -> peers.add(new Peer.Socat());
				case "direct" -> peers.add(new Peer.Direct());
				default -> throw new IllegalArgumentException("unknown peer " + name);
			}
		}
		if (options.runs("sni")) {
			// Each plain peer that routes by name is followed by itself routing the same ClientHellos by \16\03\01.
			List<Peer> withCompanions = new ArrayList<>();
			for (Peer peer : peers) {
				withCompanions.add(peer);
				if (peer.name.equals("portsplit") || peer.name.equals("haproxy")) {
					withCompanions.add(peer.tlsStringCompanion());
				}
			}
			peers = withCompanions;
		}
		return peers;
	}

	static List<String> words(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return List.of(text.trim().split("\\s+"));
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	// ------------------------------------------------------------------------------------

	private static Run runOne(Peer peer, int round, Options o) {
		Run run = new Run(peer.name, round);
		Path dir = runDir.resolve("round" + round);
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			run.notes.add(ex.getMessage());
			return run;
		}
		try (Backends backends = Backends.start(dir, o.runs("bulk") && !peer.tlsOnly, tlsHello)) {
			try {
				peer.start(backends, dir);
				if (peer.isProxy()) {
					run.put("start_ms", peer.startMillis);
					run.put("served_ms", peer.servedMillis);
					if (o.settle > 0) {
						settle(peer, o.settle, run);
					}
					Holder.sleep(1000);
					run.put("idle_rss_mb", peer.rssKb() / 1024.0);
					run.put("idle_pss_mb", peer.pssKb() / 1024.0);
				}
				warmUp(peer, o, run);
				peer.checkAlive("the warm-up");
				if (o.runs("sni")) {
					if (peer.routesTls()) {
						tlsConnections(peer, o, run);
						peer.checkAlive("the sni test");
					}
					else {
						run.notes.add("sni: " + peer.name + " has no configuration for it here");
					}
				}
				if (peer.tlsOnly) {
					return run;
				}
				if (o.runs("short")) {
					shortConnections(peer, o, run);
					peer.checkAlive("the short-connection test");
				}
				if (o.runs("rtt")) {
					roundTrips(peer, o, run);
					peer.checkAlive("the round-trip test");
				}
				if (o.runs("bulk")) {
					bulk(peer, o, run);
					peer.checkAlive("the bulk test");
				}
				if (o.runs("mem") && peer.isProxy()) {
					heldConnections(peer, backends, o, run);
					peer.checkAlive("the held-connection test");
				}
				if (peer.isProxy() && !peer.processes.isEmpty()) {
					run.put("threads", Proc.threads((int) peer.processes.get(0).pid()));
				}
			}
			catch (IOException | RuntimeException ex) {
				run.notes.add(ex.getMessage());
			}
			finally {
				peer.stop();
			}
		}
		catch (IOException ex) {
			run.notes.add("backends: " + ex.getMessage());
		}
		return run;
	}

	/** A proxy using less than this share of one CPU over a second is idle. */
	static final double SETTLED_CPU = 0.02;

	/**
	 * Waits until the proxy, left alone, is idle: a proxy that serves before it has finished starting
	 * (portsplit's management context starts after the core serves) would otherwise have the rest of its
	 * start-up counted in the CPU of the first test. {@code settle_ms} is how long it took from served.
	 */
	private static void settle(Peer peer, int seconds, Run run) {
		long t0 = System.nanoTime();
		long deadline = t0 + seconds * 1_000_000_000L;
		double before = peer.cpuSeconds();
		while (System.nanoTime() < deadline) {
			Holder.sleep(1000);
			double now = peer.cpuSeconds();
			if (now - before < SETTLED_CPU) {
				run.put("settle_ms", (System.nanoTime() - t0) / 1e6);
				return;
			}
			before = now;
		}
		run.notes.add("still busy " + seconds + " s after serving (--settle)");
		run.put("settle_ms", (System.nanoTime() - t0) / 1e6);
	}

	/** The same mix as the measurement, smaller, so a JIT-compiled proxy is measured compiled. */
	private static void warmUp(Peer peer, Options o, Run run) throws IOException {
		if (o.runs("sni") && peer.routesTls()) {
			ShortConns.Result warm = ShortConns.run(peer.address(Route.TLS), tlsHello, o.warmConns, o.inFlight,
					5_000_000_000L);
			if (warm.errors() > 0) {
				run.notes.add("sni warm-up: " + warm.errors() + " errors " + warm.errorKinds());
			}
		}
		if (peer.tlsOnly) {
			return;
		}
		if (o.runs("short") || o.runs("mem")) {
			ShortConns.Result warm = ShortConns.run(peer.address(Route.HTTP), o.warmConns, o.inFlight, 5_000_000_000L);
			if (warm.errors() > 0) {
				run.notes.add("warm-up: " + warm.errors() + " errors " + warm.errorKinds());
			}
		}
		if (o.runs("rtt")) {
			PingPong.run(peer.address(Route.PING), 2000, 0);
		}
		if (o.runs("bulk")) {
			Iperf.client(peer.address(Route.BULK), 1, false);
		}
	}

	private static void shortConnections(Peer peer, Options o, Run run) throws IOException {
		connections(peer, Route.HTTP, ShortConns.REQUEST, o.conns, o, run, "", "short connections");
	}

	/** The sni scenario: the short-connection test with a TLS ClientHello as the first bytes; figures named tls_*. */
	private static void tlsConnections(Peer peer, Options o, Run run) throws IOException {
		connections(peer, Route.TLS, tlsHello, o.sniConns, o, run, "tls_", "sni connections");
	}

	private static void connections(Peer peer, Route route, byte[] request, int conns, Options o, Run run, String prefix,
			String what) throws IOException {
		double cpu0 = peer.cpuSeconds();
		double proc0 = peer.procCpuSeconds();
		double self0 = selfCpuSeconds();
		long switches0 = Proc.contextSwitches(peer.pids());
		ShortConns.Result result = ShortConns.run(peer.address(route), request, conns, o.inFlight,
				o.shortSeconds * 1_000_000_000L);
		double cpu = peer.cpuSeconds() - cpu0;
		double proc = peer.procCpuSeconds() - proc0;
		int made = result.ok() + result.errors();
		// The harness's own CPU (load client and backends) per connection, to show it is not the bottleneck.
		run.put(prefix + "harness_cpu_us_conn", (selfCpuSeconds() - self0) * 1e6 / made);
		run.put(prefix + "conn_rate", result.rate());
		run.put(prefix + "conn_errors", result.errors());
		run.put(prefix + "conn_total", made);
		long[] lat = result.latencyNanos();
		Arrays.sort(lat);
		run.put(prefix + "conn_p50_ms", Stats.percentile(lat, 50) / 1e6);
		run.put(prefix + "conn_p99_ms", Stats.percentile(lat, 99) / 1e6);
		if (peer.isProxy()) {
			run.put(prefix + "ctxsw_conn", (Proc.contextSwitches(peer.pids()) - switches0) / (double) made);
			run.put(prefix + "cpu_us_conn", cpu * 1e6 / made);
			run.put(prefix + "proc_cpu_us_conn", proc * 1e6 / made);
		}
		if (made < conns) {
			run.notes.add(what + ": stopped after " + o.shortSeconds + " s with " + made + " of " + conns
					+ " connections made (--short-seconds)");
		}
		if (result.errors() > 0) {
			run.notes.add(what + ": " + result.errors() + " errors " + result.errorKinds());
		}
	}

	private static double selfCpuSeconds() {
		Proc.Stat stat = Proc.stat((int) ProcessHandle.current().pid());
		return (stat == null) ? Double.NaN : (stat.utime() + stat.stime()) / (double) Proc.CLK_TCK;
	}

	private static void roundTrips(Peer peer, Options o, Run run) throws IOException {
		long[] rtt = PingPong.run(peer.address(Route.PING), o.pings, 1000);
		Arrays.sort(rtt);
		run.put("rtt_p50_us", Stats.percentile(rtt, 50) / 1e3);
		run.put("rtt_p99_us", Stats.percentile(rtt, 99) / 1e3);
	}

	private static void bulk(Peer peer, Options o, Run run) throws IOException {
		double cpu0 = peer.cpuSeconds();
		double proc0 = peer.procCpuSeconds();
		long bytes = 0;
		try {
			Iperf.Result fwd = Iperf.client(peer.address(Route.BULK), o.bulkSeconds, false);
			run.put("fwd_gbps", fwd.bitsPerSecond() / 1e9);
			bytes += fwd.bytes();
		}
		catch (IOException ex) {
			run.notes.add("bulk forward: " + ex.getMessage());
		}
		try {
			Iperf.Result rev = Iperf.client(peer.address(Route.BULK), o.bulkSeconds, true);
			run.put("rev_gbps", rev.bitsPerSecond() / 1e9);
			bytes += rev.bytes();
		}
		catch (IOException ex) {
			run.notes.add("bulk reverse: " + ex.getMessage());
		}
		if (peer.isProxy() && bytes > 0) {
			run.put("cpu_s_gb", (peer.cpuSeconds() - cpu0) / (bytes / 1e9));
			run.put("proc_cpu_s_gb", (peer.procCpuSeconds() - proc0) / (bytes / 1e9));
		}
	}

	private static void heldConnections(Peer peer, Backends backends, Options o, Run run) throws IOException {
		Holder.sleep(1000);
		long rss0 = peer.rssKb();
		long pss0 = peer.pssKb();
		run.put("base_rss_mb", rss0 / 1024.0);
		try (Holder holder = new Holder(peer.address(Route.HOLD), backends.hold)) {
			for (int n : o.hold) {
				int held = holder.growTo(n);
				Holder.sleep(1000);
				long rss = peer.rssKb();
				long pss = peer.pssKb();
				run.put("held_" + n, held);
				if (held > 0) {
					run.put("kb_conn_" + n, (pss - pss0) / (double) held);
					run.put("rss_kb_conn_" + n, (rss - rss0) / (double) held);
					run.put("rss_mb_" + n, rss / 1024.0);
				}
				if (holder.problem != null) {
					run.notes.add("held connections: " + holder.problem);
					break;
				}
				if (o.holdPause > 0) {
					System.out.println("bench: " + held + " connections held through " + peer.name + " (pids " + peer.pids()
							+ "); waiting " + o.holdPause + " s");
					Holder.sleep(o.holdPause * 1000L);
				}
			}
		}
	}

	// ------------------------------------------------------------------------------------

	/** Where it ran, for the report. */
	static final class Machine {

		final List<String> lines = new ArrayList<>();

		private String loadBefore;

		static Machine describe(List<Peer> peers) {
			Machine m = new Machine();
			m.loadBefore = loadavg();
			String model = "?";
			String cpuinfo = Proc.read(Paths.get("/proc/cpuinfo"));
			if (cpuinfo != null) {
				for (String line : cpuinfo.split("\n")) {
					if (line.startsWith("model name")) {
						model = line.substring(line.indexOf(':') + 1).trim();
						break;
					}
				}
			}
			String memTotal = "?";
			String meminfo = Proc.read(Paths.get("/proc/meminfo"));
			if (meminfo != null) {
				for (String line : meminfo.split("\n")) {
					if (line.startsWith("MemTotal:")) {
						memTotal = String.format(Locale.ROOT, "%.1f GiB",
								Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
					}
				}
			}
			String kernel = String.valueOf(Proc.read(Paths.get("/proc/sys/kernel/osrelease"))).trim();
			String java = Peer.firstLine(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-version");
			String javaVm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
			m.lines.add("- date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
			m.lines.add("- CPU: " + Runtime.getRuntime().availableProcessors() + " x " + model + " (nproc "
					+ Runtime.getRuntime().availableProcessors() + "); memory " + memTotal);
			m.lines.add("- kernel: Linux " + kernel);
			m.lines.add("- java: " + java + " (" + javaVm + ")");
			for (Peer peer : peers) {
				if (peer.isProxy()) {
					m.lines.add("- " + peer.name + ": " + peer.version());
				}
			}
			m.lines.add("- iperf3: " + Peer.firstLine("iperf3", "-v"));
			return m;
		}

		void finish(double seconds) {
			this.lines.add(String.format(Locale.ROOT, "- load average (1, 5, 15 min) before: %s; after: %s", this.loadBefore,
					loadavg()));
			this.lines.add(String.format(Locale.ROOT, "- run time: %.0f s", seconds));
		}

		private static String loadavg() {
			String text = Proc.read(Paths.get("/proc/loadavg"));
			if (text == null) {
				return "?";
			}
			String[] f = text.trim().split(" ");
			return f[0] + " " + f[1] + " " + f[2];
		}
	}
}
