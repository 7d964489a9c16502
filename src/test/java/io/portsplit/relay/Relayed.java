package io.portsplit.relay;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A client and a backend relayed by a {@link RelayEngine}, seen from both ends: the test
 * plays the client program ({@link #client()}) and the backend server ({@link #backend}).
 * <p>
 * Set up as portsplit does: the client's socket is an accepted one, the backend's a
 * non-blocking socket whose connect is started before the engine gets it, and the engine
 * finishes it. {@link #open} builds the sockets, so that the client can send before the
 * relay starts; {@link #relay} hands them over and accepts the backend's end.
 */
final class Relayed implements AutoCloseable {

	/** The backend connect timeout when a test does not provoke one. */
	static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** No idle limit: these pairs end only as their peers end them. */
	static final long NO_IDLE_LIMIT = 0;

	/** {@code far}: the client program; {@code near}: portsplit's socket for it. */
	final LoopbackPair front;

	final RecordingRelayListener listener = new RecordingRelayListener();

	private final ServerSocketChannel backendListener;

	/** portsplit's socket to the backend. */
	final SocketChannel backendSide;

	/** The backend server's end; null until {@link #relay}. */
	SocketChannel backend;

	private final int bufferBytes;

	private Relayed(LoopbackPair front, ServerSocketChannel backendListener, SocketChannel backendSide,
			int bufferBytes) {
		this.front = front;
		this.backendListener = backendListener;
		this.backendSide = backendSide;
		this.bufferBytes = bufferBytes;
	}

	/** @param bufferBytes see {@link LoopbackPair#open(int)} */
	static Relayed open(int bufferBytes) throws IOException {
		LoopbackPair front = LoopbackPair.open(bufferBytes);
		ServerSocketChannel backendListener = null;
		SocketChannel backendSide = null;
		try {
			backendListener = LoopbackPair.listen(bufferBytes, 8);
			backendSide = SocketChannel.open();
			LoopbackPair.buffers(backendSide, bufferBytes);
			backendSide.configureBlocking(false);
			backendSide.setOption(StandardSocketOptions.TCP_NODELAY, true);
			backendSide.connect(backendListener.getLocalAddress());
			return new Relayed(front, backendListener, backendSide, bufferBytes);
		}
		catch (IOException | RuntimeException ex) {
			closeAll(front, backendListener, backendSide);
			throw ex;
		}
	}

	/** Hands both sockets to {@code engine} and accepts the backend's end of the connection. */
	Relayed relay(RelayEngine engine, byte[] firstBytes) throws IOException {
		engine.connectAndRelay(this.front.near, this.backendSide, firstBytes, System.nanoTime(), CONNECT_TIMEOUT_NANOS, NO_IDLE_LIMIT,
				this.listener);
		this.backend = LoopbackPair.acceptWithin(this.backendListener);
		LoopbackPair.buffers(this.backend, this.bufferBytes);
		return this;
	}

	SocketChannel client() {
		return this.front.far;
	}

	@Override
	public void close() throws IOException {
		closeAll(this.front, this.backendListener, this.backendSide, this.backend);
	}

	private static void closeAll(AutoCloseable... closeables) throws IOException {
		IOException failure = null;
		for (AutoCloseable closeable : closeables) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IOException("could not close " + closeable, ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}
}
