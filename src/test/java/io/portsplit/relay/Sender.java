package io.portsplit.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A peer that sends one long stream of pseudo-random bytes, and keeps the count and the
 * CRC of what its socket has taken so far, for the receiver's copy to be checked against.
 */
final class Sender {

	private static final int CHUNK = 64 * 1024;

	private final Random random;

	private final CRC32 crc = new CRC32();

	private ByteBuffer chunk = ByteBuffer.allocate(0);

	private long bytes;

	Sender(long seed) {
		this.random = new Random(seed);
	}

	long bytes() {
		return this.bytes;
	}

	long crc() {
		return this.crc.getValue();
	}

	/**
	 * Writes without blocking until the socket has taken nothing for {@code stallMillis}
	 * (what a writer sees when nobody reads the other end) or {@code cap} bytes have gone.
	 * The socket is blocking again on return.
	 * @return whether it stalled: false if it took {@code cap} bytes
	 */
	boolean fillUntilStalled(SocketChannel channel, long cap, long stallMillis) throws IOException {
		channel.configureBlocking(false);
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_WRITE);
			while (this.bytes < cap) {
				if (writeSome(channel) == 0) {
					if (selector.select(stallMillis) == 0) {
						return true;
					}
					selector.selectedKeys().clear();
				}
			}
			return false;
		}
		finally {
			// The selector's close has deregistered the channel.
			channel.configureBlocking(true);
		}
	}

	/** Writes the stream on, blocking, until at least {@code n} more bytes have gone. */
	void writeMore(SocketChannel channel, long n) throws IOException {
		long until = this.bytes + n;
		while (this.bytes < until) {
			if (!this.chunk.hasRemaining()) {
				nextChunk((int) Math.min(CHUNK, until - this.bytes));
			}
			writeSome(channel);
		}
	}

	private int writeSome(SocketChannel channel) throws IOException {
		if (!this.chunk.hasRemaining()) {
			nextChunk(CHUNK);
		}
		int from = this.chunk.position();
		int n = channel.write(this.chunk);
		this.crc.update(this.chunk.array(), from, n);
		this.bytes += n;
		return n;
	}

	private void nextChunk(int size) {
		byte[] next = new byte[size];
		this.random.nextBytes(next);
		this.chunk = ByteBuffer.wrap(next);
	}

	/** The CRC of {@code bytes} from {@code offset} on, to compare with {@link #crc()}. */
	static long crcOf(byte[] bytes, int offset) {
		CRC32 crc = new CRC32();
		crc.update(bytes, offset, bytes.length - offset);
		return crc.getValue();
	}
}
