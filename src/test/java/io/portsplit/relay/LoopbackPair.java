package io.portsplit.relay;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two connected TCP sockets on 127.0.0.1, both blocking: {@link #near}, the accepted one,
 * as a listener hands a client to the code under test, and {@link #far}, the peer the test
 * plays (a client program, or a backend server). The far side's reads time out after
 * {@link #READ_TIMEOUT_MILLIS}, so a test whose bytes never come fails instead of hanging.
 * <p>
 * Public for the first-bytes tests too, which need the same pair; it uses nothing of the
 * shared test support, which is reworked on its own.
 */
public final class LoopbackPair implements AutoCloseable {

	/** The longest a read on the far side, or an accept, waits before the test fails. */
	public static final int READ_TIMEOUT_MILLIS = 10_000;

	public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	/** The accepted socket: what the code under test is given. */
	public final SocketChannel near;

	/** The connecting socket: what the test drives. */
	public final SocketChannel far;

	private LoopbackPair(SocketChannel near, SocketChannel far) {
		this.near = near;
		this.far = far;
	}

	public static LoopbackPair open() throws IOException {
		return open(0);
	}

	/**
	 * @param bufferBytes the kernel's send and receive buffer of both sockets; 0 for the
	 * system's, which grow to several MiB on loopback. Small buffers make backpressure reach
	 * a writer after some hundred KiB.
	 */
	public static LoopbackPair open(int bufferBytes) throws IOException {
		try (ServerSocketChannel listener = listen(bufferBytes, 1)) {
			SocketChannel far = SocketChannel.open();
			try {
				buffers(far, bufferBytes);
				far.connect(listener.getLocalAddress());
				far.socket().setSoTimeout(READ_TIMEOUT_MILLIS);
				SocketChannel near = acceptWithin(listener);
				buffers(near, bufferBytes);
				return new LoopbackPair(near, far);
			}
			catch (IOException | RuntimeException ex) {
				far.close();
				throw ex;
			}
		}
	}

	/**
	 * A listener on 127.0.0.1 and a port of the kernel's choice. Buffers are set before it
	 * accepts: the receive window a connection starts with comes from the listener.
	 */
	public static ServerSocketChannel listen(int bufferBytes, int backlog) throws IOException {
		ServerSocketChannel listener = ServerSocketChannel.open();
		try {
			if (bufferBytes > 0) {
				listener.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
			}
			listener.bind(new InetSocketAddress(LOOPBACK, 0), backlog);
			return listener;
		}
		catch (IOException | RuntimeException ex) {
			listener.close();
			throw ex;
		}
	}

	/** The next connection of {@code listener}, blocking, with a read timeout; fails if none comes in time. */
	public static SocketChannel acceptWithin(ServerSocketChannel listener) throws IOException {
		listener.configureBlocking(false);
		try (Selector selector = Selector.open()) {
			listener.register(selector, SelectionKey.OP_ACCEPT);
			long deadline = System.nanoTime() + READ_TIMEOUT_MILLIS * 1_000_000L;
			while (deadline - System.nanoTime() > 0) {
				selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
				SocketChannel accepted = listener.accept();
				if (accepted != null) {
					accepted.configureBlocking(true);
					accepted.socket().setSoTimeout(READ_TIMEOUT_MILLIS);
					return accepted;
				}
			}
		}
		throw new IOException("no connection to accept within " + READ_TIMEOUT_MILLIS + " ms");
	}

	/** Sets both kernel buffers of {@code channel} to {@code bytes}; nothing if 0. */
	public static void buffers(SocketChannel channel, int bytes) throws IOException {
		if (bytes > 0) {
			channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
			channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
		}
	}

	/** Exactly {@code n} bytes from a blocking channel; fails on an early end or a read timeout. */
	public static byte[] readExactly(SocketChannel channel, int n) throws IOException {
		byte[] bytes = channel.socket().getInputStream().readNBytes(n);
		if (bytes.length < n) {
			throw new EOFException("stream ended after " + bytes.length + " of " + n + " bytes");
		}
		return bytes;
	}

	/** Everything until the end of the stream (a FIN); a reset or a read timeout throws. */
	public static byte[] readToEnd(SocketChannel channel) throws IOException {
		InputStream in = channel.socket().getInputStream();
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] chunk = new byte[64 * 1024];
		int n;
		while ((n = in.read(chunk)) >= 0) {
			all.write(chunk, 0, n);
		}
		return all.toByteArray();
	}

	/** Writes all of {@code bytes} to a blocking channel. */
	public static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/** Closes with a reset (RST) rather than a FIN: SO_LINGER 0. */
	public static void reset(SocketChannel channel) throws IOException {
		channel.setOption(StandardSocketOptions.SO_LINGER, 0);
		channel.close();
	}

	@Override
	public void close() throws IOException {
		try {
			this.far.close();
		}
		finally {
			this.near.close();
		}
	}
}
