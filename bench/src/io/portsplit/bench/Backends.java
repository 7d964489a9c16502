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
		BULK,
		/**
		 * The {@code sni} scenario: a TLS ClientHello ({@link TlsHello}), routed by its server name
		 * (or by {@code \16\03\01}) to services that only exist in that scenario.
		 */
		TLS
	}

	final Backend reply;

	final Backend echo;

	final Backend hold;

	/** Answers once it has the whole ClientHello. */
	final Backend tls;

	final Process iperf;

	final int iperfPort;

	private Backends(Backend reply, Backend echo, Backend hold, Backend tls, Process iperf, int iperfPort) {
		this.reply = reply;
		this.echo = echo;
		this.hold = hold;
		this.tls = tls;
		this.iperf = iperf;
		this.iperfPort = iperfPort;
	}

	static Backends start(Path dir, boolean withIperf, byte[] tlsHello) throws IOException {
		Backend reply = new Backend(Backend.Mode.REPLY);
		Backend echo = new Backend(Backend.Mode.ECHO);
		Backend hold = new Backend(Backend.Mode.HOLD);
		Backend tls = (tlsHello != null) ? new Backend(Backend.Mode.COUNT, tlsHello.length) : null;
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
		return new Backends(reply, echo, hold, tls, iperf, iperfPort);
	}

	InetSocketAddress address(Route route) {
		return switch (route) {
			case HTTP -> this.reply.address();
			case PING -> this.echo.address();
			case HOLD -> this.hold.address();
			case BULK -> new InetSocketAddress(InetAddress.getLoopbackAddress(), this.iperfPort);
			case TLS -> (this.tls != null) ? this.tls.address() : null;
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
		if (this.tls != null) {
			this.tls.close();
		}
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
