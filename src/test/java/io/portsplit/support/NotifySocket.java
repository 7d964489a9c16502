package io.portsplit.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * A real {@code NOTIFY_SOCKET}, as systemd gives a {@code Type=notify} service: a Unix
 * datagram socket this test binds and reads. The JDK has no Unix datagram channel, so it
 * goes through libc with the JNA portsplit already uses.
 */
public final class NotifySocket implements AutoCloseable {

	private static final int AF_UNIX = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int SOL_SOCKET = 1;

	private static final int SO_RCVTIMEO = 20;

	private static final LibC LIBC = Native.load("c", LibC.class);

	private final Path path;

	private final int fd;

	private NotifySocket(Path path, int fd) {
		this.path = path;
		this.fd = fd;
	}

	/** Binds a datagram socket at {@code path} (at most 107 bytes, as {@code sockaddr_un} allows). */
	public static NotifySocket bind(Path path) {
		byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
		if (name.length > 107) {
			throw new IllegalArgumentException("socket path too long: " + path);
		}
		int fd = LIBC.socket(AF_UNIX, SOCK_DGRAM, 0);
		if (fd < 0) {
			throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM): errno " + Native.getLastError());
		}
		byte[] address = new byte[2 + name.length + 1];
		address[0] = (byte) AF_UNIX;
		System.arraycopy(name, 0, address, 2, name.length);
		if (LIBC.bind(fd, address, address.length) != 0) {
			int errno = Native.getLastError();
			LIBC.close(fd);
			throw new IllegalStateException("bind " + path + ": errno " + errno);
		}
		return new NotifySocket(path, fd);
	}

	public Path path() {
		return this.path;
	}

	/** The next datagram, or null if none comes within {@code timeout}. */
	public String receive(Duration timeout) {
		byte[] timeval = new byte[16];
		long seconds = timeout.toSeconds();
		long micros = timeout.toMillisPart() * 1000L;
		for (int i = 0; i < 8; i++) {
			timeval[i] = (byte) (seconds >>> (8 * i));
			timeval[8 + i] = (byte) (micros >>> (8 * i));
		}
		LIBC.setsockopt(this.fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length);
		byte[] buffer = new byte[4096];
		int n = LIBC.recv(this.fd, buffer, buffer.length, 0);
		return (n < 0) ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
	}

	/** Datagrams until one contains {@code wanted}; the one that does, or null if none comes within {@code timeout}. */
	public String receiveUntil(String wanted, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			String message = receive(Duration.ofNanos(Math.max(left, 1_000_000)));
			if (message == null) {
				return null;
			}
			if (message.contains(wanted)) {
				return message;
			}
		}
	}

	@Override
	public void close() {
		LIBC.close(this.fd);
	}

	/** The libc functions needed. */
	public interface LibC extends Library {

		int socket(int domain, int type, int protocol);

		int bind(int fd, byte[] address, int length);

		int setsockopt(int fd, int level, int name, byte[] value, int length);

		int recv(int fd, byte[] buffer, long length, int flags);

		int close(int fd);
	}
}
