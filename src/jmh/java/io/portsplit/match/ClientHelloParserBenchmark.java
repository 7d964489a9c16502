package io.portsplit.match;

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

/**
 * The cost of reading one ClientHello with {@link ClientHelloParser}, from a fresh parser to
 * its result, for two captures of real clients: curl's (517 bytes, an X25519 key share) and
 * Firefox's (1,898 bytes, an X25519MLKEM768 key share of 1,216 bytes and GREASE ECH). With
 * {@code feed=whole} the hello comes in one read, as on loopback; with {@code feed=bytes} one
 * byte per read, the worst split a client can impose.
 * Run with {@code bench/jmh ClientHelloParserBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ClientHelloParserBenchmark {

	@Param({ "curl-https-sni-alpn", "firefox-tls-pq" })
	public String hello;

	@Param({ "whole", "bytes" })
	public String feed;

	private byte[] stream;

	@Setup(Level.Trial)
	public void setUp() {
		this.stream = Captures.named(this.hello).orElseThrow(() -> new IllegalStateException("no capture " + this.hello));
		if (!this.feed.equals("whole") && !this.feed.equals("bytes")) {
			throw new IllegalArgumentException("feed is whole or bytes");
		}
		ClientHelloParser check = new ClientHelloParser();
		check.feed(this.stream, 0, this.stream.length);
		if (check.status() != ParseStatus.COMPLETE) {
			throw new IllegalStateException(this.hello + " does not parse: " + check.status());
		}
	}

	@Benchmark
	public ClientHello parse() {
		ClientHelloParser parser = new ClientHelloParser();
		if (this.feed.equals("whole")) {
			parser.feed(this.stream, 0, this.stream.length);
		}
		else {
			for (int i = 0; i < this.stream.length; i++) {
				parser.feed(this.stream, i, i + 1);
			}
		}
		return parser.result();
	}
}
