package io.portsplit.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's nginx as a consumer of the PROXY protocol that portsplit's code had no part in:
 * one http server on a free loopback port that reads a PROXY header (v1 or v2, nginx tells
 * them apart itself) in front of every connection, and answers each request with what the
 * header named, so a test sees the client exactly as nginx understood it. Every request is
 * also written to an access log in the test's directory, the way an operator would see it.
 * <p>
 * It runs in the foreground as one process ({@code daemon off; master_process off}), with its
 * configuration, pid file, logs and temporary files all in the test's directory: nothing of
 * the machine's own nginx set-up is read or written, and {@link #close()} kills it.
 */
public final class Nginx implements AutoCloseable {

	/** Where Debian's {@code nginx} package puts it (and {@code .ci/run} installs it). */
	public static final Path BINARY = Path.of("/usr/sbin/nginx");

	/** The body of every answer: the header's client, the header's destination, then the TCP peer. */
	private static final String ANSWER = "$proxy_protocol_addr:$proxy_protocol_port "
			+ "$proxy_protocol_server_addr:$proxy_protocol_server_port $remote_addr";

	private final Process process;

	private final Path home;

	private final int port;

	private Nginx(Process process, Path home, int port) {
		this.process = process;
		this.home = home;
		this.port = port;
	}

	/** Whether this machine has nginx where Debian installs it. */
	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/**
	 * Starts nginx in {@code dir}/nginx on a free port of 127.0.0.1 and returns once the port
	 * accepts connections; fails with nginx's own error log if it exits or does not listen in
	 * time.
	 */
	public static Nginx start(Path dir) throws IOException, InterruptedException {
		Path home = Files.createDirectories(dir.resolve("nginx"));
		int port = FreePorts.ipv4();
		Path conf = Files.writeString(home.resolve("nginx.conf"), configuration(home, port), StandardCharsets.US_ASCII);
		Path errorLog = home.resolve("error.log");
		Process process = new ProcessBuilder(BINARY.toString(), "-e", errorLog.toString(), "-p", home + "/", "-c",
				conf.toString())
			.directory(home.toFile())
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("output.txt").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		Nginx nginx = new Nginx(process, home, port);
		try {
			nginx.awaitListening();
		}
		catch (RuntimeException | Error ex) {
			nginx.close();
			throw ex;
		}
		return nginx;
	}

	/**
	 * Everything in {@code home}: the temporary paths too, whose compiled-in defaults are under
	 * {@code /var/lib/nginx}, so that it starts the same as root and as anyone else.
	 */
	private static String configuration(Path home, int port) {
		return "daemon off;\n"
				+ "master_process off;\n"
				+ "pid " + home.resolve("nginx.pid") + ";\n"
				+ "error_log " + home.resolve("error.log") + " notice;\n"
				+ "events {\n    worker_connections 64;\n}\n"
				+ "http {\n"
				+ "    client_body_temp_path " + home.resolve("body") + ";\n"
				+ "    proxy_temp_path " + home.resolve("proxy") + ";\n"
				+ "    fastcgi_temp_path " + home.resolve("fastcgi") + ";\n"
				+ "    uwsgi_temp_path " + home.resolve("uwsgi") + ";\n"
				+ "    scgi_temp_path " + home.resolve("scgi") + ";\n"
				+ "    log_format proxied '" + ANSWER + " \"$request\"';\n"
				+ "    access_log " + home.resolve("access.log") + " proxied;\n"
				+ "    server {\n"
				+ "        listen 127.0.0.1:" + port + " proxy_protocol;\n"
				+ "        location / {\n"
				+ "            default_type text/plain;\n"
				+ "            return 200 \"" + ANSWER + "\\n\";\n"
				+ "        }\n"
				+ "    }\n"
				+ "}\n";
	}

	private void awaitListening() {
		try {
			Awaitility.await().atMost(Waits.EFFECT).pollDelay(Duration.ZERO).pollInterval(Waits.POLL)
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new AssertionError("nginx exited (" + this.process.exitValue() + ")\n" + output());
					}
					try (Socket probe = Clients.connect(this.port)) {
						return true;
					}
					catch (IOException notYet) {
						return false;
					}
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("nginx not listening on " + this.port + " within " + Waits.EFFECT + "\n" + output(),
					ex);
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/** Its server as a {@code connect} value. */
	public String target() {
		return "127.0.0.1:" + this.port;
	}

	/** The access log's lines so far: {@code CLIENT:PORT DESTINATION:PORT PEER "REQUEST"}. */
	public List<String> accessLog() {
		Path log = this.home.resolve("access.log");
		try {
			return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.US_ASCII) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What it printed and its error log, for failure messages. */
	public String output() {
		return "--- nginx output ---\n" + read(this.home.resolve("output.txt")) + "--- nginx error.log ---\n"
				+ read(this.home.resolve("error.log"));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			if (!this.process.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("nginx " + pid() + " survived SIGKILL");
			}
		}
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")\n";
		}
	}
}
