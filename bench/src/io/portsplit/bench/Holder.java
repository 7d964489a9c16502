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
import java.util.Iterator;
import java.util.List;

/**
 * Opens connections through a proxy to the HOLD backend and keeps them open. Each sends
 * {@code HOLD\n}; a connection counts as held once the backend has received those
 * bytes, so the proxy really has both sides open. Opens them in batches and waits for
 * each batch, so a proxy that cannot take more (descriptor limits, select()'s 1,024) is
 * seen as a shortfall instead of a hang.
 */
final class Holder implements AutoCloseable {

	private static final byte[] HELLO = "HOLD\n".getBytes(StandardCharsets.US_ASCII);

	private static final int BATCH = 100;

	private final InetSocketAddress address;

	private final Backend backend;

	private final List<SocketChannel> open = new ArrayList<>();

	/** Connections the backend held before this holder opened any. */
	private final int base;

	String problem;

	Holder(InetSocketAddress address, Backend backend) {
		this.address = address;
		this.backend = backend;
		this.base = backend.held.get();
	}

	/** Opens connections until {@code target} are held; returns how many are held. */
	int growTo(int target) throws IOException {
		while (this.open.size() < target && this.problem == null) {
			int batch = Math.min(BATCH, target - this.open.size());
			List<SocketChannel> pending = new ArrayList<>();
			try (Selector selector = Selector.open()) {
				for (int i = 0; i < batch; i++) {
					SocketChannel channel = SocketChannel.open();
					channel.configureBlocking(false);
					channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					this.open.add(channel);
					if (channel.connect(this.address)) {
						channel.write(ByteBuffer.wrap(HELLO));
					}
					else {
						channel.register(selector, SelectionKey.OP_CONNECT);
						pending.add(channel);
					}
				}
				long deadline = System.nanoTime() + 15_000_000_000L;
				int left = pending.size();
				while (left > 0 && System.nanoTime() < deadline) {
					selector.select(100);
					Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
					while (keys.hasNext()) {
						SelectionKey key = keys.next();
						keys.remove();
						SocketChannel channel = (SocketChannel) key.channel();
						key.cancel();
						left--;
						try {
							channel.finishConnect();
							channel.write(ByteBuffer.wrap(HELLO));
						}
						catch (IOException ex) {
							this.problem = "connect failed: " + ex.getMessage();
						}
					}
				}
				if (left > 0) {
					this.problem = left + " connects did not complete within 15 s";
				}
			}
			catch (IOException ex) {
				this.problem = ex.getMessage();
			}
			long deadline = System.nanoTime() + 15_000_000_000L;
			while (this.backend.held.get() - this.base < this.open.size() && System.nanoTime() < deadline) {
				sleep(5);
			}
			if (this.backend.held.get() - this.base < this.open.size()) {
				this.problem = "only " + (this.backend.held.get() - this.base) + " of " + this.open.size()
						+ " connections reached the backend";
			}
		}
		return this.backend.held.get() - this.base;
	}

	@Override
	public void close() {
		for (SocketChannel channel : this.open) {
			ShortConns.closeQuietly(channel);
		}
		this.open.clear();
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (this.backend.held.get() > this.base && System.nanoTime() < deadline) {
			sleep(10);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
