package io.portsplit.support;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * portsplit started the way {@code nohup} starts a program, with SIGHUP ignored, and what
 * the README says of it: the ignored SIGHUP stays ignored (the JVM keeps it so, and so does
 * the JVM switch's execve), and the log says so once started, in the format of its other lines.
 */
public final class IgnoredHangup {

	private IgnoredHangup() {
	}

	/**
	 * A wrapper for {@link Launch#under}: a shell that ignores SIGHUP and execs the rest, so
	 * that java starts with it ignored; {@code then} (for example {@code env NAME=VALUE}) goes
	 * between the shell and java.
	 */
	public static String[] wrapper(String... then) {
		List<String> wrapper = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
		wrapper.addAll(List.of(then));
		return wrapper.toArray(String[]::new);
	}

	/**
	 * With {@code daemon} serving {@code request} on {@code port} with {@code reply}: one
	 * warning once started, a SIGHUP that changes nothing, and exit 0 on SIGTERM.
	 */
	public static void assertStaysIgnored(PortsplitProcess daemon, int port, String request, String reply)
			throws Exception {
		daemon.awaitStarted();
		String warning = daemon.awaitStdoutLine(line -> line.contains("SIGHUP was ignored"), Waits.START);
		// Logged once Spring Boot has set up the log's format: not logback's bare default from before.
		assertThat(warning).matches("^\\d{4}-\\d{2}-\\d{2}T.* WARN .*io\\.portsplit\\.lifecycle\\.SignalRequests .*");

		daemon.signal("HUP");

		assertThat(Clients.exchange(port, request)).isEqualTo(reply);
		assertThat(daemon.stopWith("TERM")).as(daemon.output()).isZero();
		// A handled SIGHUP would have left a line of its own: a reload, or "SIGHUP ignored: stopping".
		assertThat(daemon.stdoutLines(line -> line.contains("SIGHUP"))).as(daemon.output()).containsExactly(warning);
	}
}
