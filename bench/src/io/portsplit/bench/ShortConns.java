package io.portsplit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The short-connection load: {@code total} connections, {@code inFlight} at a time, each
 * connecting, sending {@code GET / x\r\n}, reading the whole reply and closing. One
 * non-blocking selector thread drives them all, so the client costs a few microseconds
 * per connection. Latency runs from {@code connect()} to the last byte of the reply.
 */
final class ShortConns {

	static final byte[] REQUEST = "GET / x\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final long TIMEOUT_NANOS = 10_000_000_000L;

	record Result(int ok, int errors, double seconds, long[] latencyNanos, Map<String, Integer> errorKinds) {

		double rate() {
			return this.ok / this.seconds;
		}
	}

	private static final class Conn {

		final SocketChannel channel;

		final long started;

		int received;

		Conn(SocketChannel channel, long started) {
			this.channel = channel;
			this.started = started;
		}
	}

	private ShortConns() {
	}

	static Result run(InetSocketAddress address, int total, int inFlight) throws IOException {
		return run(address, total, inFlight, Long.MAX_VALUE);
	}

	/**
	 * @param maxNanos after this long no new connection is started (the ones in flight
	 * finish), so a proxy that forks a process per connection cannot stretch the run for
	 * minutes; the rate is then over the connections made
	 */
	static Result run(InetSocketAddress address, int total, int inFlight, long maxNanos) throws IOException {
		return run(address, REQUEST, total, inFlight, maxNanos);
	}

	/** The same with other first bytes ({@code request}); the backend must answer them with {@link Backend#REPLY}. */
	static Result run(InetSocketAddress address, byte[] request, int total, int inFlight, long maxNanos)
			throws IOException {
		long[] latencies = new long[total];
		Map<String, Integer> errorKinds = new LinkedHashMap<>();
		ByteBuffer readBuffer = ByteBuffer.allocateDirect(4096);
		List<Conn> active = new ArrayList<>(inFlight);
		int started = 0;
		int ok = 0;
		int errors = 0;
		long lastTimeoutScan = System.nanoTime();
		long begin = System.nanoTime();
		try (Selector selector = Selector.open()) {
			while (ok + errors < total) {
				if (started < total && System.nanoTime() - begin > maxNanos) {
					total = started;
					if (ok + errors >= total) {
						break;
					}
				}
				while (started < total && active.size() < inFlight) {
					started++;
					long t0 = System.nanoTime();
					SocketChannel channel = null;
					try {
						channel = SocketChannel.open();
						channel.configureBlocking(false);
						channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
						Conn conn = new Conn(channel, t0);
						if (channel.connect(address)) {
							send(channel, request);
							channel.register(selector, SelectionKey.OP_READ, conn);
						}
						else {
							channel.register(selector, SelectionKey.OP_CONNECT, conn);
						}
						active.add(conn);
					}
					catch (IOException ex) {
						errors++;
						count(errorKinds, "connect: " + ex.getMessage());
						closeQuietly(channel);
					}
				}
				selector.select(100);
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Conn conn = (Conn) key.attachment();
					try {
						if (key.isConnectable()) {
							conn.channel.finishConnect();
							send(conn.channel, request);
							key.interestOps(SelectionKey.OP_READ);
						}
						else if (key.isReadable()) {
							readBuffer.clear();
							int n = conn.channel.read(readBuffer);
							if (n < 0) {
								throw new IOException("connection closed after " + conn.received + " of "
										+ Backend.REPLY.length + " reply bytes");
							}
							if (conn.received == 0 && n > 0 && readBuffer.get(0) != 'H') {
								throw new IOException("unexpected reply");
							}
							conn.received += n;
							if (conn.received >= Backend.REPLY.length) {
								latencies[ok++] = System.nanoTime() - conn.started;
								key.cancel();
								conn.channel.close();
								active.remove(conn);
							}
						}
					}
					catch (IOException ex) {
						errors++;
						count(errorKinds, describe(ex));
						key.cancel();
						closeQuietly(conn.channel);
						active.remove(conn);
					}
				}
				long now = System.nanoTime();
				if (now - lastTimeoutScan > 200_000_000L) {
					lastTimeoutScan = now;
					for (Iterator<Conn> it = active.iterator(); it.hasNext();) {
						Conn conn = it.next();
						if (now - conn.started > TIMEOUT_NANOS) {
							errors++;
							count(errorKinds, "no reply within 10 s");
							closeQuietly(conn.channel);
							it.remove();
						}
					}
				}
			}
		}
		double seconds = (System.nanoTime() - begin) / 1e9;
		return new Result(ok, errors, seconds, Arrays.copyOf(latencies, ok), errorKinds);
	}

	/** The first bytes in one write: a new connection's send buffer holds far more than a ClientHello. */
	private static void send(SocketChannel channel, byte[] request) throws IOException {
		if (channel.write(ByteBuffer.wrap(request)) != request.length) {
			throw new IOException("request not sent in one write");
		}
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage();
		if (message != null && message.startsWith("connection closed after")) {
			return message.replaceAll("after \\d+ of", "before all");
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

	private static void count(Map<String, Integer> kinds, String kind) {
		kinds.merge(kind, 1, Integer::sum);
	}

	static void closeQuietly(SocketChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// discarding it anyway
			}
		}
	}
}
