package io.portsplit.match;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.Trigger;

/**
 * The cost of one routing decision: {@link RoutingTable#decide}, which the
 * daemon calls after every read before a decision, and the bare {@link ServiceMatcher#evaluate}
 * under it, for a configuration of {@code services} services with {@code patterns}
 * patterns of {@code bytes} bytes each.
 * <p>
 * The input is what the daemon holds when it asks: at most the longest pattern, so
 * {@code bytes} is both the pattern length and the input length ({@code PARTIAL}: half of it).
 * With {@code prefix=shared} (the default, the worst case for a prefix comparison) all
 * patterns share their first {@code bytes - 2} bytes and differ in the last two, like
 * {@code GET /a}, {@code GET /b}; with {@code prefix=distinct} they differ in the first two
 * bytes, like {@code GET\20}, {@code SSH-}, {@code \16\03}.
 * <ul>
 * <li>{@code FIRST}: the input is the first pattern of the first service (rule 1, found at once);</li>
 * <li>{@code LAST}: the last pattern of the last service (rule 1, after trying every other pattern);</li>
 * <li>{@code NONE}: matches nothing and can no longer match (rule 2, every pattern ruled out);</li>
 * <li>{@code PARTIAL}: the first half of the last pattern (rule 3, more bytes needed).</li>
 * </ul>
 * Run with {@code bench/jmh}; any JMH option (e.g. {@code -p services=1,64}) is passed through.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MatcherBenchmark {

	public enum Position {
		FIRST, LAST, NONE, PARTIAL
	}

	@Param({ "1", "8", "64" })
	public int services;

	@Param({ "1", "8" })
	public int patterns;

	@Param({ "4", "32" })
	public int bytes;

	@Param({ "FIRST", "LAST", "NONE" })
	public Position position;

	@Param({ "shared" })
	public String prefix;

	private RoutingTable table;

	private ServiceMatcher matcher;

	private byte[] input;

	private int length;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		if (this.bytes < 4) {
			throw new IllegalArgumentException("bytes must be at least 4");
		}
		if (this.services > 255 || this.patterns > 255) {
			throw new IllegalArgumentException("at most 255 services and 255 patterns per service");
		}
		StringBuilder conf = new StringBuilder("bind = 127.0.0.1:9\n");
		for (int s = 0; s < this.services; s++) {
			conf.append("[s").append(s).append("]\n");
			for (int p = 0; p < this.patterns; p++) {
				conf.append("string = ").append(escaped(pattern(s, p))).append('\n');
			}
			conf.append("connect = 127.0.0.1:9\n");
		}
		conf.append("[fallback]\nconnect = 127.0.0.1:9\n");
		PortsplitConfig config = ConfigLoader.load(conf.toString(), Path.of("matcher-benchmark.conf"));
		this.table = new RoutingTable(config);
		this.matcher = this.table.matcher();
		if (this.matcher.maxBytes() != this.bytes) {
			throw new IllegalStateException("max bytes " + this.matcher.maxBytes() + ", expected " + this.bytes);
		}
		this.input = new byte[this.bytes];
		this.length = this.bytes;
		switch (this.position) {
			case FIRST -> this.input = pattern(0, 0);
			case LAST -> this.input = pattern(this.services - 1, this.patterns - 1);
			case NONE -> this.input = pattern(255, 255);
			case PARTIAL -> {
				this.input = pattern(this.services - 1, this.patterns - 1);
				this.length = this.bytes / 2;
			}
		}
		this.input = Arrays.copyOf(this.input, this.length);
		check();
	}

	/** The setup is only worth measuring if it produces the verdict it claims to. */
	private void check() {
		int verdict = this.matcher.evaluate(this.matcher.firstBytes(this.input));
		boolean ok = switch (this.position) {
			case FIRST -> verdict == 0;
			case LAST -> verdict == this.services - 1;
			case NONE -> verdict == ServiceMatcher.NO_MATCH;
			case PARTIAL -> verdict == ServiceMatcher.UNDECIDED;
		};
		if (!ok) {
			throw new IllegalStateException(this.position + " gave " + verdict);
		}
	}

	private byte[] pattern(int service, int index) {
		byte[] p = new byte[this.bytes];
		if (this.prefix.equals("distinct")) {
			p[0] = (byte) service;
			p[1] = (byte) index;
			for (int i = 2; i < this.bytes; i++) {
				p[i] = (byte) ('a' + i % 26);
			}
		}
		else if (this.prefix.equals("shared")) {
			for (int i = 0; i < this.bytes - 2; i++) {
				p[i] = (byte) ('a' + i % 26);
			}
			p[this.bytes - 2] = (byte) service;
			p[this.bytes - 1] = (byte) index;
		}
		else {
			throw new IllegalArgumentException("prefix is shared or distinct");
		}
		return p;
	}

	private static String escaped(byte[] bytes) {
		StringBuilder s = new StringBuilder();
		for (byte b : bytes) {
			s.append(String.format("\\%02X", b & 0xff));
		}
		return s.toString();
	}

	/**
	 * What a connection costs the matcher when its first read decides: its first bytes'
	 * state (allocated and filled, as the read does), the verdicts and the decision record.
	 */
	@Benchmark
	public Optional<Decision> decide() {
		return this.table.decide(this.matcher.firstBytes(this.input), Trigger.DATA);
	}

	/** The same without the decision record. */
	@Benchmark
	public int evaluate() {
		return this.matcher.evaluate(this.matcher.firstBytes(this.input));
	}
}
