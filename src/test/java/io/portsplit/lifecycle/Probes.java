package io.portsplit.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import io.portsplit.support.Clients;

/** What a client on loopback sees of a port: refused, served, or closed on it. */
final class Probes {

	private Probes() {
	}

	/** True if a connection to 127.0.0.1:{@code port} is refused (nothing listens there). */
	static boolean isRefused(int port) throws IOException {
		try (Socket socket = Clients.connect(port)) {
			return false;
		}
		catch (ConnectException refused) {
			return true;
		}
	}

	/**
	 * Sends {@code request}, shuts the sending side and returns the whole reply; an empty
	 * string if the connection was closed (or reset) without one.
	 */
	static String request(int port, String request) throws IOException {
		try (Socket socket = Clients.connect(port)) {
			try {
				socket.getOutputStream().write(Clients.ascii(request));
				socket.shutdownOutput();
			}
			catch (SocketException closedAlready) {
				// Reset before the request went out: there is no reply either.
			}
			return Clients.text(readUntilClosed(socket));
		}
	}

	/**
	 * Reads until the peer closes the connection, with an orderly end of stream or a
	 * reset, and returns what came before; fails if it stays open for the read timeout.
	 */
	static byte[] readUntilClosed(Socket socket) throws IOException {
		java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				all.write(buffer, 0, n);
			}
		}
		catch (SocketTimeoutException stillOpen) {
			throw new AssertionError("connection still open after " + Clients.SO_TIMEOUT_MILLIS + " ms; got "
					+ all.size() + " bytes", stillOpen);
		}
		catch (SocketException reset) {
			// closed by a reset: as much an end as a FIN here
		}
		return all.toByteArray();
	}

	/**
	 * Reads until {@code length} bytes have come or the peer closed the connection (end of
	 * stream or reset), and returns what came.
	 */
	static byte[] readUntilClosedOrLength(Socket socket, int length) throws IOException {
		byte[] data = new byte[length];
		int got = 0;
		try {
			InputStream in = socket.getInputStream();
			int n;
			while (got < length && (n = in.read(data, got, length - got)) >= 0) {
				got += n;
			}
		}
		catch (SocketTimeoutException stillOpen) {
			throw new AssertionError("neither " + length + " bytes nor a close within " + Clients.SO_TIMEOUT_MILLIS
					+ " ms; got " + got, stillOpen);
		}
		catch (SocketException reset) {
			// closed by a reset
		}
		return java.util.Arrays.copyOf(data, got);
	}

	/** Asserts that the peer closes {@code socket} (end of stream or reset) without sending a byte. */
	static void assertClosedWithoutReply(Socket socket) throws IOException {
		byte[] reply = readUntilClosed(socket);
		if (reply.length != 0) {
			throw new AssertionError("expected no reply before the close, got " + reply.length + " bytes: '"
					+ Clients.text(reply) + "'");
		}
	}
}
