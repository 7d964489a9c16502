package io.portsplit.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/** The backends of one proxy run, started fresh for it on free loopback ports. */
final class Backends implements AutoCloseable {

	/** What a client connection is for; each route has its own backend and first bytes. */
	enum Route {
		/** Short connections, {@code GET / x\r\n}: the pattern service {@code [http]}. */
		HTTP,
		/** Round trips, {@code PING...}: the pattern service {@code [ping]}. */
		PING,
		/** Held connections, {@code HOLD\n}: the pattern service {@code [hold]}. */
		HOLD,
		/** iperf3, whose first bytes are a random cookie: {@code [fallback]}. */
		BULK
	}

	final Backend reply;

	final Backend echo;

	final Backend hold;

	final Process iperf;

	final int iperfPort;

	private Backends(Backend reply, Backend echo, Backend hold, Process iperf, int iperfPort) {
		this.reply = reply;
		this.echo = echo;
		this.hold = hold;
		this.iperf = iperf;
		this.iperfPort = iperfPort;
	}

	static Backends start(Path dir, boolean withIperf) throws IOException {
		Backend reply = new Backend(Backend.Mode.REPLY);
		Backend echo = new Backend(Backend.Mode.ECHO);
		Backend hold = new Backend(Backend.Mode.HOLD);
		Process iperf = null;
		int iperfPort = Net.freePort();
		if (withIperf) {
			iperf = Iperf.server(iperfPort, dir.resolve("iperf3-server.log"));
			Bench.remember(iperf);
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (!Net.listening(iperfPort)) {
				if (!iperf.isAlive() || System.nanoTime() > deadline) {
					throw new IOException("iperf3 -s did not start; see " + dir.resolve("iperf3-server.log"));
				}
				Holder.sleep(5);
			}
		}
		return new Backends(reply, echo, hold, iperf, iperfPort);
	}

	InetSocketAddress address(Route route) {
		return switch (route) {
			case HTTP -> this.reply.address();
			case PING -> this.echo.address();
			case HOLD -> this.hold.address();
			case BULK -> new InetSocketAddress(InetAddress.getLoopbackAddress(), this.iperfPort);
		};
	}

	static String name(Route route) {
		return route.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public void close() {
		this.reply.close();
		this.echo.close();
		this.hold.close();
		if (this.iperf != null) {
			this.iperf.destroy();
			try {
				if (!this.iperf.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
					this.iperf.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
