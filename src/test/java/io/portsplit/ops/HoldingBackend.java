package io.portsplit.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.portsplit.support.Waits;

/** Accepts on loopback; every connection gets the reply and is held until {@link #release()} or close. */
final class HoldingBackend implements AutoCloseable {

	private final ServerSocket server;

	private final byte[] reply;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	HoldingBackend(String reply) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.reply = reply.getBytes(StandardCharsets.US_ASCII);
		this.acceptor = new Thread(this::acceptLoop, "holding-backend");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	int acceptedCount() {
		return this.accepted.size();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.add(socket);
				socket.getOutputStream().write(this.reply);
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	/** Closes every backend connection (the relay then ends its client). */
	void release() {
		for (Socket socket : this.accepted) {
			closeQuietly(socket);
		}
	}

	/** Reads what the client sent through the relay to backend connection {@code index}. */
	String read(int index, int length) throws IOException {
		Socket socket = this.accepted.get(index);
		socket.setSoTimeout((int) Waits.EFFECT.toMillis());
		InputStream in = socket.getInputStream();
		return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws Exception {
		this.server.close();
		release();
		this.acceptor.join(Waits.EFFECT.toMillis());
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// best effort
		}
	}
}
