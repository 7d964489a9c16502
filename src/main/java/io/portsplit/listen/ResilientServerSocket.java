package io.portsplit.listen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link java.net.ServerSocket} that Spring Integration's accept loop sees. Its
 * {@code accept()} never fails while the listening channel is open: an error such as
 * "Too many open files" makes it wait and retry with a growing back-off, instead of
 * ending the loop (which would stop the listener for good and close the socket). The
 * connection that could not be accepted stays in the kernel's backlog until then.
 */
final class ResilientServerSocket extends java.net.ServerSocket {

	private static final Log logger = LogFactory.getLog(ResilientServerSocket.class);

	private static final long FIRST_BACKOFF_MILLIS = 10;

	private static final long MAX_BACKOFF_MILLIS = 1000;

	private static final long LOG_EVERY_NANOS = 10_000_000_000L;

	private final ServerSocketChannel channel;

	private long lastLogged;

	/** Unbound: the JDK opens no descriptor for it; every call that matters goes to the channel. */
	ResilientServerSocket(ServerSocketChannel channel) throws IOException {
		this.channel = channel;
	}

	@Override
	public Socket accept() throws IOException {
		long backoff = FIRST_BACKOFF_MILLIS;
		while (true) {
			try {
				return this.channel.accept().socket();
			}
			catch (ClosedChannelException ex) {
				// What the accept loop expects when its listener is stopped.
				throw new SocketException("Socket is closed");
			}
			catch (IOException ex) {
				if (!this.channel.isOpen()) {
					throw new SocketException("Socket is closed");
				}
				logRateLimited(ex);
				sleep(backoff);
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
			}
		}
	}

	private void logRateLimited(IOException ex) {
		long now = System.nanoTime();
		if (this.lastLogged == 0 || now - this.lastLogged > LOG_EVERY_NANOS) {
			this.lastLogged = now;
			logger.warn("accept on " + getLocalSocketAddress() + " failed (" + ex.getMessage()
					+ "); backing off and retrying, clients wait in the backlog");
		}
	}

	private static void sleep(long millis) throws SocketException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SocketException("accept interrupted");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	@Override
	public boolean isClosed() {
		return !this.channel.isOpen();
	}

	@Override
	public boolean isBound() {
		return true;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		try {
			return this.channel.getLocalAddress();
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public int getLocalPort() {
		SocketAddress address = getLocalSocketAddress();
		return (address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	@Override
	public InetAddress getInetAddress() {
		SocketAddress address = getLocalSocketAddress();
		return (address instanceof InetSocketAddress inet) ? inet.getAddress() : null;
	}

	@Override
	public String toString() {
		return "ResilientServerSocket " + getLocalSocketAddress();
	}
}
