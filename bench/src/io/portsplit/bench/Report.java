package io.portsplit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.portsplit.bench.Bench.Machine;
import io.portsplit.bench.Bench.Options;
import io.portsplit.bench.Bench.Run;

/** The markdown report: medians over rounds, ratios to direct, and the targets of issue 7. */
final class Report {

	static final String METRICS_OFF = "portsplit[metrics off]";

	private Report() {
	}

	static String progressLine(Run run, Options o) {
		StringBuilder b = new StringBuilder();
		b.append("[round ").append(run.round).append("] ").append(run.peer).append(":");
		if (run.get("start_ms") != null) {
			b.append(" start ").append(f(run.get("start_ms"), 0)).append(" ms (served ")
				.append(f(run.get("served_ms"), 0)).append(" ms), idle RSS ")
				.append(f(run.get("idle_rss_mb"), 1)).append(" MB |");
		}
		if (run.get("conn_rate") != null) {
			b.append(' ').append(f(run.get("conn_rate"), 0)).append(" conn/s, ").append(f(run.get("conn_errors"), 0))
				.append(" err, p99 ").append(f(run.get("conn_p99_ms"), 2)).append(" ms");
			if (run.get("cpu_us_conn") != null) {
				b.append(", ").append(f(run.get("cpu_us_conn"), 0)).append(" us CPU/conn");
			}
			b.append(" |");
		}
		if (run.get("tls_conn_rate") != null) {
			b.append(" sni: ").append(f(run.get("tls_conn_rate"), 0)).append(" conn/s, ")
				.append(f(run.get("tls_conn_errors"), 0)).append(" err, p99 ").append(f(run.get("tls_conn_p99_ms"), 2))
				.append(" ms");
			if (run.get("tls_cpu_us_conn") != null) {
				b.append(", ").append(f(run.get("tls_cpu_us_conn"), 0)).append(" us CPU/conn");
			}
			b.append(" |");
		}
		if (run.get("rtt_p99_us") != null) {
			b.append(" RTT p50/p99 ").append(f(run.get("rtt_p50_us"), 0)).append('/').append(f(run.get("rtt_p99_us"), 0))
				.append(" us |");
		}
		if (run.get("fwd_gbps") != null || run.get("rev_gbps") != null) {
			b.append(" fwd/rev ").append(f(run.get("fwd_gbps"), 2)).append('/').append(f(run.get("rev_gbps"), 2))
				.append(" Gbit/s");
			if (run.get("cpu_s_gb") != null) {
				b.append(", ").append(f(run.get("cpu_s_gb"), 2)).append(" CPU s/GB");
			}
			b.append(" |");
		}
		for (int n : o.hold) {
			if (run.get("kb_conn_" + n) != null) {
				b.append(' ').append(f(run.get("held_" + n), 0)).append(" held: ").append(f(run.get("kb_conn_" + n), 1))
					.append(" KB/conn;");
			}
		}
		for (String note : run.notes) {
			b.append("\n    note: ").append(note);
		}
		return b.toString();
	}

	static String markdown(Options o, Machine machine, List<Peer> allPeers, Map<String, String> skipped, List<Run> runs) {
		// The [tls string] companions only run the sni scenario: they have a table of their own.
		List<Peer> peers = allPeers.stream().filter(p -> !p.tlsOnly).toList();
		StringBuilder b = new StringBuilder();
		b.append("# portsplit benchmark results\n\n");
		b.append("Command: `bench/run").append(o.commandLine.isEmpty() ? "" : " " + String.join(" ", o.commandLine))
			.append("`").append(o.quick ? " (quick mode)" : "").append(". ");
		b.append(o.rounds).append(o.rounds == 1 ? " round" : " rounds, peers alternating; figures are medians over rounds")
			.append(". Loopback only; backends run inside the harness.\n\n");
		b.append("Machine:\n\n");
		machine.lines.forEach(line -> b.append(line).append('\n'));
		b.append('\n');
		if (!skipped.isEmpty()) {
			b.append("Not measured: ");
			List<String> parts = new ArrayList<>();
			skipped.forEach((peer, why) -> parts.add(peer + " (" + why + ")"));
			b.append(String.join("; ", parts)).append(".\n\n");
		}

		if (o.runs("bulk")) {
			b.append("## Bulk throughput\n\n");
			b.append("iperf3, one TCP stream for ").append(o.bulkSeconds)
				.append(" s each way, routed by its first bytes to `[fallback]` (socat: a listener of its own). "
						+ "CPU is the proxy's own over both directions, per GB relayed.\n\n");
			b.append("| peer | forward Gbit/s | × direct | reverse Gbit/s | × direct | proxy CPU s/GB |\n");
			b.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
			for (Peer peer : peers) {
				b.append("| ").append(peer.name)
					.append(" | ").append(f(med(runs, peer.name, "fwd_gbps"), 2))
					.append(" | ").append(ratio(runs, peer.name, "direct", "fwd_gbps"))
					.append(" | ").append(f(med(runs, peer.name, "rev_gbps"), 2))
					.append(" | ").append(ratio(runs, peer.name, "direct", "rev_gbps"))
					.append(" | ").append(f(med(runs, peer.name, "cpu_s_gb"), 2))
					.append(" |\n");
			}
			b.append('\n');
		}

		if (o.runs("short") || o.runs("rtt")) {
			b.append("## Short connections and round trips\n\n");
			b.append(String.format(Locale.ROOT,
					"Short connections: %,d connections (fewer if %d s are not enough), %d in flight, each sends `GET / x\\r\\n`, reads a %d-byte reply "
							+ "and closes; latency from connect() to the last reply byte. Round trip: %,d ping-pongs of %d bytes on one "
							+ "connection. Harness CPU is the load client's and the backends' (one JVM), for comparison.%n%n",
					o.conns, o.shortSeconds, o.inFlight, Backend.REPLY.length, o.pings, PingPong.SIZE));
			b.append("| peer | conn/s | × direct | errors | latency p50 / p99 ms | proxy CPU µs/conn | harness CPU µs/conn | RTT p50 / p99 µs | RTT p99 × direct |\n");
			b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			for (Peer peer : peers) {
				b.append("| ").append(peer.name)
					.append(" | ").append(f(med(runs, peer.name, "conn_rate"), 0))
					.append(" | ").append(ratio(runs, peer.name, "direct", "conn_rate"))
					.append(" | ").append(errors(runs, peer.name))
					.append(" | ").append(f(med(runs, peer.name, "conn_p50_ms"), 2)).append(" / ")
					.append(f(med(runs, peer.name, "conn_p99_ms"), 2))
					.append(" | ").append(f(med(runs, peer.name, "cpu_us_conn"), 0))
					.append(" | ").append(f(med(runs, peer.name, "harness_cpu_us_conn"), 0))
					.append(" | ").append(f(med(runs, peer.name, "rtt_p50_us"), 0)).append(" / ")
					.append(f(med(runs, peer.name, "rtt_p99_us"), 0))
					.append(" | ").append(ratio(runs, peer.name, "direct", "rtt_p99_us"))
					.append(" |\n");
			}
			b.append('\n');
		}

		if (o.runs("sni")) {
			sni(b, o, allPeers, runs);
		}

		b.append("## Memory and start-up\n\n");
		b.append("Start to listening: to the first TCP connect the proxy's socket completes. Start to served: to the "
				+ "end of the first whole short connection (request sent, 58-byte reply read), which waits in the "
				+ "backlog if the proxy listens before it serves. ");
		b.append("Idle: 1 s after the proxy served its first connection, before any load; RSS and PSS summed over "
				+ "its process tree. Per held connection: (PSS with N held − PSS just before) / N, after all the other "
				+ "tests, with N client connections open through the proxy to a backend that holds them.\n\n");
		b.append("| peer | start to listening ms | start to served ms | idle RSS MB | idle PSS MB |");
		for (int n : o.hold) {
			b.append(" KB/conn at ").append(String.format(Locale.ROOT, "%,d", n)).append(" |");
		}
		b.append(" threads |\n| --- | ---: | ---: | ---: | ---: |");
		for (int i = 0; i < o.hold.length; i++) {
			b.append(" ---: |");
		}
		b.append(" ---: |\n");
		for (Peer peer : peers) {
			if (!peer.isProxy()) {
				continue;
			}
			b.append("| ").append(peer.name)
				.append(" | ").append(f(med(runs, peer.name, "start_ms"), 0))
				.append(" | ").append(f(med(runs, peer.name, "served_ms"), 0))
				.append(" | ").append(f(med(runs, peer.name, "idle_rss_mb"), 1))
				.append(" | ").append(f(med(runs, peer.name, "idle_pss_mb"), 1))
				.append(" |");
			for (int n : o.hold) {
				double held = med(runs, peer.name, "held_" + n);
				b.append(' ').append(f(med(runs, peer.name, "kb_conn_" + n), 1));
				if (!Double.isNaN(held) && held < n) {
					b.append(" (only ").append(f(held, 0)).append(" held)");
				}
				b.append(" |");
			}
			b.append(' ').append(f(med(runs, peer.name, "threads"), 0)).append(" |\n");
		}
		b.append('\n');

		targets(b, o, runs, peers);
		variants(b, runs, peers);

		b.append("## Per round\n\n```\n");
		for (Run run : runs) {
			b.append("round ").append(run.round).append(' ').append(run.peer).append(':');
			run.values.forEach((k, v) -> b.append(' ').append(k).append('=').append(f(v, 3)));
			b.append('\n');
			for (String note : run.notes) {
				b.append("    note: ").append(note.replace('\n', ' ')).append('\n');
			}
		}
		b.append("```\n\n");

		b.append("## How it was measured\n\n");
		b.append("- CPU: ").append(CpuGroup.describe())
			.append("; the `proc_*` figures above are the same from /proc alone, as a cross-check.\n");
		b.append("- Memory: VmRSS from /proc/PID/status and Pss from /proc/PID/smaps_rollup, summed over the process tree "
				+ "(PSS counts a page shared by k processes as 1/k, so fork-per-connection proxies are not counted "
				+ "many times over).\n");
		if (o.pin != null) {
			b.append("- CPUs pinned with taskset: harness, backends and iperf3 on ").append(o.pin.split(":")[0])
				.append(", proxies on ").append(o.pin.split(":")[1]).append(".\n");
		}
		b.append("- Start to listening: from just before the process is started to the first accepted TCP connect.\n");
		b.append("- portsplit runs with `--logging.level.portsplit.connections=WARN`, so the two INFO lines per connection "
				+ "are not written; every other setting is its default unless a variant says otherwise.\n");
		if (o.settle > 0) {
			b.append("- `--settle ").append(o.settle).append("`: once it served its first connection, each proxy was left alone until "
					+ "it used less than ").append(f(Bench.SETTLED_CPU * 1000, 0)).append(" ms of CPU in a second (at most ")
				.append(o.settle).append(" s), and only then measured (idle memory included). Median wait from served:");
			for (Peer peer : peers) {
				if (peer.isProxy()) {
					b.append(' ').append(peer.name).append(' ').append(f(med(runs, peer.name, "settle_ms"), 0)).append(" ms;");
				}
			}
			b.append('\n');
		}
		else {
			b.append("- Each proxy was measured from the moment it served its first connection (+1 s for idle memory): "
					+ "start-up work it does after that is counted in the first test (`--settle S` waits for it).\n");
		}
		b.append("- Before measuring, each run warms up with ").append(o.warmConns)
			.append(" short connections, 2,000 round trips and 1 s of iperf3, so JIT compilation is mostly done.\n");
		return b.toString();
	}

	private static void sni(StringBuilder b, Options o, List<Peer> peers, List<Run> runs) {
		b.append("## TLS by name (sni)\n\n");
		b.append(String.format(Locale.ROOT,
				"%,d connections (fewer if %d s are not enough), %d in flight, each sends a %d-byte TLS ClientHello "
						+ "(curl's, captured, server name rewritten to `%s`) and reads a %d-byte reply, sent by the backend "
						+ "once it has the whole ClientHello; latency from connect() to the last reply byte. No handshake. "
						+ "By name: %d services, `sni = name0.example` to `sni = %s`, after the other routes' three "
						+ "`string` services, so the clients' name is the last one tried (HAProxy: `tcp-request "
						+ "inspect-delay`, accept on `req.ssl_hello_type 1`, one `use_backend ... if { req.ssl_sni -i NAME }` "
						+ "per name). `[tls string]`: one service `string = \\16\\03\\01` instead (HAProxy: "
						+ "`req.payload(0,3) -m bin 160301`), the same bytes to the same backend. Warm-up: %,d of the same "
						+ "connections.%n%n",
				o.sniConns, o.shortSeconds, o.inFlight, TlsHello.length(), Peer.tlsServerName(), Backend.REPLY.length,
				o.sniServices, Peer.tlsServerName(), o.warmConns));
		b.append("| peer | routed by | conn/s | × direct | errors | latency p50 / p99 ms | proxy CPU µs/conn | harness CPU µs/conn |\n");
		b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Peer peer : peers) {
			if (!peer.routesTls()) {
				continue;
			}
			String by = !peer.isProxy() ? "–" : (peer.tlsBy == Peer.TlsBy.STRING) ? "`\\16\\03\\01`" : "server name";
			b.append("| ").append(peer.name)
				.append(" | ").append(by)
				.append(" | ").append(f(med(runs, peer.name, "tls_conn_rate"), 0))
				.append(" | ").append(ratio(runs, peer.name, "direct", "tls_conn_rate"))
				.append(" | ").append(errors(runs, peer.name, "tls_"))
				.append(" | ").append(f(med(runs, peer.name, "tls_conn_p50_ms"), 2)).append(" / ")
				.append(f(med(runs, peer.name, "tls_conn_p99_ms"), 2))
				.append(" | ").append(f(med(runs, peer.name, "tls_cpu_us_conn"), 0))
				.append(" | ").append(f(med(runs, peer.name, "tls_harness_cpu_us_conn"), 0))
				.append(" |\n");
		}
		b.append('\n');
		for (String name : List.of("portsplit", "haproxy")) {
			double byName = med(runs, name, "tls_cpu_us_conn");
			double byString = med(runs, name + "[tls string]", "tls_cpu_us_conn");
			if (!Double.isNaN(byName) && !Double.isNaN(byString)) {
				b.append(String.format(Locale.ROOT,
						"- %s: by name %s µs/conn, by string %s µs/conn: %+.0f µs (%+.1f%%) per connection for the name.%n",
						name, f(byName, 0), f(byString, 0), byName - byString, (byName / byString - 1) * 100));
			}
		}
		b.append('\n');
	}

	private static void targets(StringBuilder b, Options o, List<Run> runs, List<Peer> peers) {
		if (!has(peers, "portsplit") || !has(peers, "haproxy")) {
			return;
		}
		b.append("## Targets of issue 7 (portsplit against HAProxy)\n\n");
		b.append("| target | portsplit | HAProxy | ratio | met |\n| --- | ---: | ---: | ---: | :---: |\n");
		targetRow(b, runs, "throughput forward ≥ 1.0× HAProxy", "fwd_gbps", 2, 1.0, true);
		targetRow(b, runs, "throughput reverse ≥ 1.0× HAProxy", "rev_gbps", 2, 1.0, true);
		targetRow(b, runs, "CPU s/GB ≤ 1.0× HAProxy", "cpu_s_gb", 2, 1.0, false);
		double errors = sum(runs, "portsplit", "conn_errors");
		double p = med(runs, "portsplit", "conn_rate");
		double h = med(runs, "haproxy", "conn_rate");
		b.append("| short conn/s ≥ 1.0× HAProxy with 0 errors | ").append(f(p, 0)).append(" (").append(f(errors, 0))
			.append(" errors) | ").append(f(h, 0)).append(" | ").append(f(p / h, 2)).append("× | ")
			.append(mark(p / h >= 1.0 && errors == 0, p / h)).append(" |\n");
		targetRow(b, runs, "CPU per short connection ≤ 1.3× HAProxy (µs)", "cpu_us_conn", 0, 1.3, false);
		targetRow(b, runs, "round-trip p99 ≤ HAProxy's (µs)", "rtt_p99_us", 0, 1.0, false);
		double kb = med(runs, "portsplit", "kb_conn_5000");
		b.append("| memory per held connection at 5,000 ≤ 4 KB | ").append(f(kb, 1)).append(" | ")
			.append(f(med(runs, "haproxy", "kb_conn_5000"), 1)).append(" | | ").append(mark(kb <= 4, kb)).append(" |\n");
		double rss = med(runs, "portsplit", "idle_rss_mb");
		b.append("| idle RSS ≤ 80 MB, default settings | ").append(f(rss, 1)).append(" | ")
			.append(f(med(runs, "haproxy", "idle_rss_mb"), 1)).append(" | | ").append(mark(rss <= 80, rss)).append(" |\n");
		double start = med(runs, "portsplit", "start_ms");
		b.append("| start to listening ≤ 1 s (ms) | ").append(f(start, 0)).append(" | ")
			.append(f(med(runs, "haproxy", "start_ms"), 0)).append(" | | ").append(mark(start <= 1000, start)).append(" |\n");
		double served = med(runs, "portsplit", "served_ms");
		b.append("| start to first connection served ≤ 1 s: the stricter reading, since portsplit listens before it "
				+ "serves (ms) | ").append(f(served, 0)).append(" | ")
			.append(f(med(runs, "haproxy", "served_ms"), 0)).append(" | | ").append(mark(served <= 1000, served)).append(" |\n");
		if (has(peers, METRICS_OFF)) {
			double fwd = 1 - med(runs, "portsplit", "fwd_gbps") / med(runs, METRICS_OFF, "fwd_gbps");
			double rev = 1 - med(runs, "portsplit", "rev_gbps") / med(runs, METRICS_OFF, "rev_gbps");
			double worst = Math.max(fwd, rev);
			b.append("| metrics on vs off ≤ 5% throughput difference | ")
				.append(String.format(Locale.ROOT, "fwd %+.1f%%, rev %+.1f%%", -fwd * 100, -rev * 100))
				.append(" | | | ").append(mark(worst <= 0.05, worst)).append(" |\n");
		}
		else {
			b.append("| metrics on vs off ≤ 5% throughput difference | not measured (`--metrics-compare ARGS`) | | | |\n");
		}
		b.append('\n');
	}

	private static void targetRow(StringBuilder b, List<Run> runs, String label, String metric, int decimals, double limit,
			boolean atLeast) {
		double p = med(runs, "portsplit", metric);
		double h = med(runs, "haproxy", metric);
		double r = p / h;
		b.append("| ").append(label).append(" | ").append(f(p, decimals)).append(" | ").append(f(h, decimals)).append(" | ")
			.append(f(r, 2)).append("× | ").append(mark(atLeast ? r >= limit : r <= limit, r)).append(" |\n");
	}

	private static void variants(StringBuilder b, List<Run> runs, List<Peer> peers) {
		List<Peer> variants = peers.stream().filter(p -> p.name.startsWith("portsplit[")).toList();
		if (variants.isEmpty() || !has(peers, "portsplit")) {
			return;
		}
		b.append("## portsplit variants against plain portsplit\n\n");
		b.append("| variant | start ms | served ms | idle RSS MB | forward | reverse | conn/s | RTT p99 µs | KB/conn (largest N) |\n");
		b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		String largest = null;
		for (Run run : runs) {
			for (String key : run.values.keySet()) {
				if (key.startsWith("kb_conn_") && (largest == null
						|| Integer.parseInt(key.substring(8)) > Integer.parseInt(largest.substring(8)))) {
					largest = key;
				}
			}
		}
		List<Peer> rows = new ArrayList<>();
		peers.stream().filter(p -> p.name.equals("portsplit")).forEach(rows::add);
		rows.addAll(variants);
		for (Peer peer : rows) {
			boolean base = peer.name.equals("portsplit");
			b.append("| ").append(peer.name)
				.append(" | ").append(f(med(runs, peer.name, "start_ms"), 0))
				.append(" | ").append(f(med(runs, peer.name, "served_ms"), 0))
				.append(" | ").append(f(med(runs, peer.name, "idle_rss_mb"), 1))
				.append(" | ").append(base ? f(med(runs, peer.name, "fwd_gbps"), 2) + " Gbit/s" : delta(runs, peer.name, "fwd_gbps"))
				.append(" | ").append(base ? f(med(runs, peer.name, "rev_gbps"), 2) + " Gbit/s" : delta(runs, peer.name, "rev_gbps"))
				.append(" | ").append(base ? f(med(runs, peer.name, "conn_rate"), 0) : delta(runs, peer.name, "conn_rate"))
				.append(" | ").append(f(med(runs, peer.name, "rtt_p99_us"), 0))
				.append(" | ").append((largest == null) ? "–" : f(med(runs, peer.name, largest), 1))
				.append(" |\n");
		}
		b.append("\nVariant throughput and conn/s are shown as the difference from plain portsplit.\n\n");
	}

	private static String delta(List<Run> runs, String peer, String metric) {
		double v = med(runs, peer, metric);
		double base = med(runs, "portsplit", metric);
		if (Double.isNaN(v) || Double.isNaN(base) || base == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%+.1f%%", (v / base - 1) * 100);
	}

	private static boolean has(List<Peer> peers, String name) {
		return peers.stream().anyMatch(p -> p.name.equals(name));
	}

	private static String mark(boolean met, double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		return met ? "yes" : "**no**";
	}

	static double med(List<Run> runs, String peer, String metric) {
		List<Double> values = new ArrayList<>();
		for (Run run : runs) {
			if (run.peer.equals(peer)) {
				values.add(run.get(metric));
			}
		}
		return Stats.median(values);
	}

	private static double sum(List<Run> runs, String peer, String metric) {
		double total = 0;
		boolean any = false;
		for (Run run : runs) {
			if (run.peer.equals(peer) && run.get(metric) != null) {
				total += run.get(metric);
				any = true;
			}
		}
		return any ? total : Double.NaN;
	}

	private static String errors(List<Run> runs, String peer) {
		return errors(runs, peer, "");
	}

	private static String errors(List<Run> runs, String peer, String prefix) {
		double errors = sum(runs, peer, prefix + "conn_errors");
		double total = sum(runs, peer, prefix + "conn_total");
		if (Double.isNaN(total)) {
			return "–";
		}
		return f(errors, 0) + " / " + String.format(Locale.ROOT, "%,.0f", total);
	}

	private static String ratio(List<Run> runs, String peer, String reference, String metric) {
		double v = med(runs, peer, metric);
		double r = med(runs, reference, metric);
		if (Double.isNaN(v) || Double.isNaN(r) || r == 0) {
			return "–";
		}
		return f(v / r, 2) + "×";
	}

	static String f(Double value, int decimals) {
		if (value == null || value.isNaN() || value.isInfinite()) {
			return "–";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}
}
