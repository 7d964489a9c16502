package io.portsplit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bulk throughput with Debian's iperf3: one TCP stream, client to server or, with -R, back. */
final class Iperf {

	record Result(long bytes, double bitsPerSecond, double seconds) {
	}

	private static final Pattern SUM_RECEIVED = Pattern.compile(
			"\"sum_received\"\\s*:\\s*\\{[^}]*?\"seconds\"\\s*:\\s*([0-9.eE+-]+)[^}]*?\"bytes\"\\s*:\\s*([0-9]+)[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+-]+)",
			Pattern.DOTALL);

	private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");

	private Iperf() {
	}

	/** The iperf3 server, the backend of the {@code [fallback]} route. */
	static Process server(int port, Path log) throws IOException {
		return new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.1", "-p", Integer.toString(port))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	static Result client(InetSocketAddress address, int seconds, boolean reverse) throws IOException {
		List<String> command = new ArrayList<>(List.of("iperf3", "-c", address.getHostString(), "-p",
				Integer.toString(address.getPort()), "-t", Integer.toString(seconds), "-J", "--connect-timeout", "5000"));
		if (reverse) {
			command.add("-R");
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] out;
		try {
			out = process.getInputStream().readAllBytes();
			if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("iperf3 did not finish");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted");
		}
		String json = new String(out, StandardCharsets.UTF_8);
		Matcher error = ERROR.matcher(json);
		if (error.find()) {
			throw new IOException("iperf3: " + error.group(1));
		}
		Matcher m = SUM_RECEIVED.matcher(json);
		if (!m.find()) {
			throw new IOException("iperf3 printed no result: " + json.substring(0, Math.min(300, json.length())));
		}
		return new Result(Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(1)));
	}
}
