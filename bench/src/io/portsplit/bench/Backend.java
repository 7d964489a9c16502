package io.portsplit.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server on one non-blocking selector thread, cheap enough that the direct
 * case is far faster than any proxy:
 * <ul>
 * <li>{@link Mode#REPLY}: waits for a line ({@code GET / x\r\n}), answers {@link #REPLY}
 * once, and closes when the client does;</li>
 * <li>{@link Mode#ECHO}: sends back whatever it reads (the round-trip test);</li>
 * <li>{@link Mode#HOLD}: reads and discards, and counts the connections that have
 * delivered at least one byte, i.e. that reached it through the proxy;</li>
 * <li>{@link Mode#COUNT}: answers {@link #REPLY} once it has read a given number of bytes
 * (the {@code sni} scenario's ClientHello, which may hold any byte), and closes when the
 * client does.</li>
 * </ul>
 */
final class Backend implements AutoCloseable {

	enum Mode {
		REPLY, ECHO, HOLD, COUNT
	}

	static final byte[] REPLY = "HTTP/1.0 200 OK\r\nContent-Length: 19\r\n\r\nportsplit bench ok\n"
		.getBytes(StandardCharsets.US_ASCII);

	private final Mode mode;

	/** {@link Mode#COUNT}: the bytes to read before answering. */
	private final int replyAfter;

	private final Selector selector;

	private final ServerSocketChannel server;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

	private final Thread thread;

	private volatile boolean running = true;

	/** Connections that delivered a byte and are still open (HOLD). */
	final AtomicInteger held = new AtomicInteger();

	final AtomicLong accepted = new AtomicLong();

	private static final class Conn {

		boolean seen;

		int received;

		ByteBuffer pending;
	}

	Backend(Mode mode) throws IOException {
		this(mode, 0);
	}

	Backend(Mode mode, int replyAfter) throws IOException {
		this.mode = mode;
		this.replyAfter = replyAfter;
		this.selector = Selector.open();
		this.server = ServerSocketChannel.open();
		this.server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
		this.server.configureBlocking(false);
		this.server.register(this.selector, SelectionKey.OP_ACCEPT);
		this.thread = new Thread(this::loop, "backend-" + mode.name().toLowerCase());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	int port() {
		return this.server.socket().getLocalPort();
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
	}

	private void loop() {
		try {
			while (this.running) {
				this.selector.select();
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					if (!key.isValid()) {
						continue;
					}
					if (key.isAcceptable()) {
						accept();
						continue;
					}
					try {
						if (key.isWritable()) {
							flush(key);
						}
						if (key.isValid() && key.isReadable()) {
							read(key);
						}
					}
					catch (IOException ex) {
						close(key);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (this.running) {
				System.err.println("backend " + this.mode + " failed: " + ex);
			}
		}
	}

	private void accept() throws IOException {
		SocketChannel channel;
		while ((channel = this.server.accept()) != null) {
			this.accepted.incrementAndGet();
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.register(this.selector, SelectionKey.OP_READ, new Conn());
		}
	}

	private void read(SelectionKey key) throws IOException {
		SocketChannel channel = (SocketChannel) key.channel();
		Conn conn = (Conn) key.attachment();
		this.buffer.clear();
		int n = channel.read(this.buffer);
		if (n < 0) {
			close(key);
			return;
		}
		if (n == 0) {
			return;
		}
		this.buffer.flip();
		switch (this.mode) {
			case REPLY -> {
				if (!conn.seen && contains(this.buffer, (byte) '\n')) {
					conn.seen = true;
					send(key, ByteBuffer.wrap(REPLY));
				}
			}
			case COUNT -> {
				conn.received += n;
				if (!conn.seen && conn.received >= this.replyAfter) {
					conn.seen = true;
					send(key, ByteBuffer.wrap(REPLY));
				}
			}
			case ECHO -> send(key, this.buffer);
			case HOLD -> {
				if (!conn.seen) {
					conn.seen = true;
					this.held.incrementAndGet();
				}
			}
		}
	}

	private void send(SelectionKey key, ByteBuffer data) throws IOException {
		((SocketChannel) key.channel()).write(data);
		if (data.hasRemaining()) {
			Conn conn = (Conn) key.attachment();
			conn.pending = ByteBuffer.allocate(data.remaining()).put(data).flip();
			key.interestOps(SelectionKey.OP_WRITE);
		}
	}

	private void flush(SelectionKey key) throws IOException {
		Conn conn = (Conn) key.attachment();
		((SocketChannel) key.channel()).write(conn.pending);
		if (!conn.pending.hasRemaining()) {
			conn.pending = null;
			key.interestOps(SelectionKey.OP_READ);
		}
	}

	private void close(SelectionKey key) {
		Conn conn = (Conn) key.attachment();
		if (this.mode == Mode.HOLD && conn.seen) {
			this.held.decrementAndGet();
			conn.seen = false;
		}
		key.cancel();
		try {
			key.channel().close();
		}
		catch (IOException ignored) {
			// discarding it anyway
		}
	}

	private static boolean contains(ByteBuffer data, byte b) {
		for (int i = data.position(); i < data.limit(); i++) {
			if (data.get(i) == b) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (SelectionKey key : this.selector.keys()) {
			try {
				key.channel().close();
			}
			catch (IOException ignored) {
				// discarding it anyway
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ignored) {
			// discarding it anyway
		}
	}
}
