package io.portsplit.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Client sockets on loopback with a bounded read wait, so no test can hang in a read. */
public final class Clients {

	public static final int SO_TIMEOUT_MILLIS = (int) Waits.EFFECT.toMillis();

	private Clients() {
	}

	public static Socket connect(int port) throws IOException {
		return connect(FreePorts.IPV4, port);
	}

	public static Socket connect(InetAddress address, int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(SO_TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress(address, port), SO_TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/** Connects to 127.0.0.1 from {@code source}, one of the loopback range's addresses, as a distinct client. */
	public static Socket connectFrom(String source, int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(SO_TIMEOUT_MILLIS);
			socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
			socket.connect(new InetSocketAddress(FreePorts.IPV4, port), SO_TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/** {@link #exchange(InetAddress, int, byte[])} from {@code source}. */
	public static String exchangeFrom(String source, int port, String request) throws IOException {
		try (Socket socket = connectFrom(source, port)) {
			socket.getOutputStream().write(ascii(request));
			socket.shutdownOutput();
			return new String(readAll(socket), StandardCharsets.ISO_8859_1);
		}
	}

	/** Connects, sends {@code request}, shuts the sending side and reads the whole reply. */
	public static byte[] exchange(InetAddress address, int port, byte[] request) throws IOException {
		try (Socket socket = connect(address, port)) {
			socket.getOutputStream().write(request);
			socket.shutdownOutput();
			return readAll(socket);
		}
	}

	public static String exchange(int port, String request) throws IOException {
		return new String(exchange(FreePorts.IPV4, port, ascii(request)), StandardCharsets.ISO_8859_1);
	}

	/** Sends {@code data} (nothing if empty) without shutting the sending side, then reads up to end of stream. */
	public static String sendAndReadAll(Socket socket, String data) throws IOException {
		if (!data.isEmpty()) {
			socket.getOutputStream().write(ascii(data));
		}
		return text(readAll(socket));
	}

	/** Everything up to end of stream (bounded by the socket's read timeout). */
	public static byte[] readAll(Socket socket) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		int n;
		while ((n = in.read(buffer)) >= 0) {
			all.write(buffer, 0, n);
		}
		return all.toByteArray();
	}

	/** Reads exactly {@code n} bytes, or fails at an early end of stream. */
	public static byte[] readExactly(Socket socket, int n) throws IOException {
		byte[] data = socket.getInputStream().readNBytes(n);
		if (data.length != n) {
			throw new IOException("end of stream after " + data.length + " of " + n + " bytes");
		}
		return data;
	}

	/**
	 * Reads until the connection ends and says how: true for an orderly end of stream
	 * (FIN), false for a reset. Bytes before the end are discarded.
	 */
	public static boolean endsCleanly(Socket socket) throws IOException {
		try {
			readAll(socket);
			return true;
		}
		catch (SocketException reset) {
			return false;
		}
	}

	/**
	 * Reads until the connection ends, by end of stream or by reset, and returns what came
	 * before. A connection that does not end fails with the socket's read timeout.
	 */
	public static byte[] readUntilEnd(Socket socket) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				all.write(buffer, 0, n);
			}
		}
		catch (SocketException reset) {
			// ended by a reset: what came before still counts
		}
		return all.toByteArray();
	}

	public static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	public static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}
}
