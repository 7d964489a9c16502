package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code regex} test costs per read: a friendly regex on a request line (the usual
 * case), and hostile regexes on the input that makes a backtracking engine explode (the
 * budget's bound: the most a client can make one regex cost per read).
 * Run with {@code bench/jmh RegexConditionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RegexConditionBenchmark {

	@Param({ "friendly", "nested", "backreference", "wildcards" })
	public String regex;

	private RegexCondition condition;

	private ServiceMatcher matcher;

	private byte[] input;

	@Setup
	public void setUp() {
		String text = switch (this.regex) {
			case "friendly" -> "(GET|POST|HEAD) /[a-z0-9/._-]* HTTP/1\\.[01]\\r\\n";
			case "nested" -> "((a{1,10}){1,10}){1,10}b";
			case "backreference" -> "(a+)+\\1b";
			case "wildcards" -> ".*.*.*.*.*.*.*.*x";
			default -> throw new IllegalArgumentException(this.regex);
		};
		this.input = (this.regex.equals("friendly") ? "GET /index.html HTTP/1.1\r\nHost: a.example\r\n\r\n"
				: "a".repeat(1000) + "!").getBytes(StandardCharsets.ISO_8859_1);
		this.condition = RegexCondition.parse(text, 1);
		this.matcher = new ServiceMatcher(List.of(List.of(this.condition)));
	}

	/** One test on the bytes of one read, as a connection makes it. */
	@Benchmark
	public Verdict test() {
		return this.condition.test(this.matcher.firstBytes(this.input));
	}
}
