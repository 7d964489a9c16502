package io.portsplit.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client has read from its socket so far, for conversations with a program:
 * wait until some text has appeared, then go on reading. Every wait is bounded; the text
 * is the bytes read as ISO-8859-1, so any byte maps to one character.
 */
public final class Transcript implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private boolean ended;

	public Transcript(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
	}

	/** Everything read so far. */
	public String text() {
		return this.received.toString(StandardCharsets.ISO_8859_1);
	}

	public byte[] bytes() {
		return this.received.toByteArray();
	}

	public boolean ended() {
		return this.ended;
	}

	/**
	 * Reads until {@code pattern} is found in the text read so far, and returns the match.
	 * Fails at end of stream or after {@code timeout}, saying what was read.
	 */
	public Matcher await(Pattern pattern, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Matcher matcher = pattern.matcher(text());
			if (matcher.find()) {
				return matcher;
			}
			if (this.ended) {
				throw new AssertionError("end of stream before /" + pattern + "/; read: " + printable());
			}
			if (!readSome(deadline)) {
				throw new AssertionError("no /" + pattern + "/ within " + timeout + "; read: " + printable());
			}
		}
	}

	/** Reads until end of stream, at most {@code timeout}; returns everything read, from the start. */
	public String readToEnd(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.ended) {
			if (!readSome(deadline)) {
				throw new AssertionError("no end of stream within " + timeout + "; read: " + printable());
			}
		}
		return text();
	}

	/** One read; false if the deadline passed first. */
	private boolean readSome(long deadline) throws IOException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return false;
		}
		int previous = this.socket.getSoTimeout();
		this.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
		try {
			byte[] buffer = new byte[16 * 1024];
			int n = this.in.read(buffer);
			if (n < 0) {
				this.ended = true;
			}
			else {
				this.received.write(buffer, 0, n);
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		finally {
			try {
				this.socket.setSoTimeout(previous);
			}
			catch (IOException ex) {
				// the socket was closed under us; the next read says so
				if (!this.socket.isClosed()) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	/** Closes the socket. */
	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** The text read, with control characters shown as escapes, for failure messages. */
	public String printable() {
		StringBuilder out = new StringBuilder();
		for (char c : text().toCharArray()) {
			if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c < 0x20 || c >= 0x7f) {
				out.append(String.format("\\x%02x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return "\"" + out + "\"";
	}
}
