package io.portsplit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Request/response on one connection: {@code count} messages of 64 bytes starting with
 * {@code PING}, each written whole and read back whole from the echo backend before the
 * next. Returns the round-trip time of each, after {@code warmup} untimed ones.
 */
final class PingPong {

	static final int SIZE = 64;

	private PingPong() {
	}

	static long[] run(InetSocketAddress address, int count, int warmup) throws IOException {
		byte[] message = new byte[SIZE];
		byte[] head = "PING".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < SIZE; i++) {
			message[i] = (i < head.length) ? head[i] : (byte) ('a' + i % 26);
		}
		byte[] reply = new byte[SIZE];
		long[] rtt = new long[count];
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.connect(address, 5000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = -warmup; i < count; i++) {
				long t0 = System.nanoTime();
				out.write(message);
				int got = 0;
				while (got < SIZE) {
					int n = in.read(reply, got, SIZE - got);
					if (n < 0) {
						throw new IOException("connection closed after " + (i + warmup) + " round trips");
					}
					got += n;
				}
				long t1 = System.nanoTime();
				if (i >= 0) {
					rtt[i] = t1 - t0;
				}
			}
			if (reply[0] != 'P' || reply[SIZE - 1] != message[SIZE - 1]) {
				throw new IOException("echo does not match");
			}
		}
		return rtt;
	}
}
