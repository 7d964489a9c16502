package io.portsplit.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend on a loopback port, one thread per accepted connection, each running
 * the test's {@link Handler}. Every accepted connection is queued for the test to
 * inspect ({@link #nextConnection}); everything is closed by {@link #close()}.
 */
public final class TestBackend implements AutoCloseable {

	/** How long a backend socket waits in a read before it fails the handler. */
	public static final int SO_TIMEOUT_MILLIS = (int) Waits.EFFECT.toMillis();

	@FunctionalInterface
	public interface Handler {

		void handle(Connection connection) throws Exception;
	}

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final ServerSocket server;

	private final Handler handler;

	private final ExecutorService threads;

	private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

	private final List<Connection> all = new CopyOnWriteArrayList<>();

	private final AtomicInteger acceptedCount = new AtomicInteger();

	private volatile boolean closed;

	private TestBackend(InetAddress address, Handler handler) throws IOException {
		this(bound(address), handler);
	}

	private TestBackend(ServerSocket server, Handler handler) {
		this.server = server;
		this.handler = handler;
		int id = SEQUENCE.incrementAndGet();
		AtomicInteger threadNumber = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "backend-" + id + "-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.threads.execute(this::acceptLoop);
	}

	/** A backend on 127.0.0.1 running {@code handler} for every connection. */
	public static TestBackend start(Handler handler) throws IOException {
		return new TestBackend(FreePorts.IPV4, handler);
	}

	public static TestBackend start(InetAddress address, Handler handler) throws IOException {
		return new TestBackend(address, handler);
	}

	/** A backend on a server socket already bound (a TLS one, say), running {@code handler} for every connection. */
	public static TestBackend startOn(ServerSocket server, Handler handler) {
		return new TestBackend(server, handler);
	}

	private static ServerSocket bound(InetAddress address) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(address, 0), 1024);
		return server;
	}

	/**
	 * Speaks first with {@code TAG:}, then echoes every byte it receives, and at the
	 * client's end of stream shuts down its own sending side. So a client that sends a
	 * request and shuts its output reads back exactly {@code TAG:request}.
	 */
	public static TestBackend tagging(String tag) throws IOException {
		return start(tagging(tag.getBytes(StandardCharsets.US_ASCII)));
	}

	public static Handler tagging(byte[] tag) {
		return connection -> {
			OutputStream out = connection.out();
			out.write(tag);
			out.write(':');
			out.flush();
			InputStream in = connection.in();
			byte[] buffer = new byte[16 * 1024];
			int n;
			while ((n = in.read(buffer)) >= 0) {
				connection.record(buffer, n);
				out.write(buffer, 0, n);
			}
			connection.endOfStream();
			connection.socket().shutdownOutput();
		};
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** The backend as a {@code connect} value: {@code 127.0.0.1:PORT} or {@code [::1]:PORT}. */
	public String target() {
		InetAddress address = this.server.getInetAddress();
		return (address instanceof Inet6Address) ? "[::1]:" + port() : address.getHostAddress() + ":" + port();
	}

	public int acceptedCount() {
		return this.acceptedCount.get();
	}

	/** The next connection accepted, waiting at most {@code timeout} for it. */
	public Connection nextConnection(Duration timeout) throws InterruptedException {
		Connection connection = this.accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (connection == null) {
			throw new AssertionError("backend " + target() + " accepted no connection within " + timeout);
		}
		return connection;
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket socket;
			try {
				socket = this.server.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					ex.printStackTrace();
				}
				return;
			}
			Connection connection = new Connection(socket);
			this.acceptedCount.incrementAndGet();
			this.all.add(connection);
			this.accepted.add(connection);
			try {
				this.threads.execute(() -> run(connection));
			}
			catch (RuntimeException rejected) {
				connection.closeQuietly();
				return;
			}
		}
	}

	private void run(Connection connection) {
		try (Socket socket = connection.socket) {
			socket.setSoTimeout(SO_TIMEOUT_MILLIS);
			socket.setTcpNoDelay(true);
			this.handler.handle(connection);
			connection.finished.complete(null);
		}
		catch (Throwable ex) {
			connection.finished.completeExceptionally(ex);
			connection.receivedAll.completeExceptionally(ex);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.closed = true;
		this.server.close();
		this.all.forEach(Connection::closeQuietly);
		this.threads.shutdownNow();
		if (!this.threads.awaitTermination(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("backend threads did not stop");
		}
	}

	/** One accepted connection, as the handler and the test see it. */
	public static final class Connection {

		private final Socket socket;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		final CompletableFuture<byte[]> receivedAll = new CompletableFuture<>();

		final CompletableFuture<Void> finished = new CompletableFuture<>();

		Connection(Socket socket) {
			this.socket = socket;
		}

		public Socket socket() {
			return this.socket;
		}

		public InputStream in() throws IOException {
			return this.socket.getInputStream();
		}

		public OutputStream out() throws IOException {
			return this.socket.getOutputStream();
		}

		/** Keeps {@code n} bytes of {@code data} as received (for handlers that record). */
		public void record(byte[] data, int n) {
			synchronized (this.received) {
				this.received.write(data, 0, n);
			}
		}

		/** Marks the client's end of stream: {@link #awaitReceivedAll} returns what was recorded. */
		public void endOfStream() {
			synchronized (this.received) {
				this.receivedAll.complete(this.received.toByteArray());
			}
		}

		/** Reads and records everything up to end of stream. */
		public byte[] readUntilEof() throws IOException {
			byte[] buffer = new byte[64 * 1024];
			int n;
			InputStream in = in();
			while ((n = in.read(buffer)) >= 0) {
				record(buffer, n);
			}
			endOfStream();
			return this.receivedAll.join();
		}

		/** Everything received up to the client's end of stream, waiting at most {@code timeout}. */
		public byte[] awaitReceivedAll(Duration timeout) throws Exception {
			try {
				return this.receivedAll.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError("backend saw no end of stream within " + timeout + "; got so far: "
						+ receivedSoFar().length + " bytes");
			}
		}

		public byte[] receivedSoFar() {
			synchronized (this.received) {
				return this.received.toByteArray();
			}
		}

		/** Waits for the handler to return; rethrows what it threw. */
		public void awaitFinished(Duration timeout) throws Exception {
			try {
				this.finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError("backend handler still running after " + timeout);
			}
		}

		/** The handler's outcome: null if it returned, else what it threw. */
		public Throwable awaitOutcome(Duration timeout) throws Exception {
			try {
				this.finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				return null;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				return ex.getCause();
			}
			catch (TimeoutException ex) {
				throw new AssertionError("backend handler still running after " + timeout);
			}
		}

		void closeQuietly() {
			try {
				this.socket.close();
			}
			catch (IOException ignored) {
				// closing anyway
			}
		}

		/** True if {@code ex} is how a socket reports that its peer reset or the socket was closed. */
		public static boolean isReset(Throwable ex) {
			return ex instanceof SocketException;
		}
	}
}
