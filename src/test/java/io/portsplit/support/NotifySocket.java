package io.portsplit.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A real {@code NOTIFY_SOCKET}, as systemd gives a {@code Type=notify} service: a Unix
 * datagram socket this test binds and reads, with each datagram's sender as the kernel
 * vouches for it ({@code SO_PASSCRED}), since systemd heeds only the service's main process
 * ({@code NotifyAccess=main}). The JDK has no Unix datagram channel, so it goes through libc
 * with the JNA portsplit already uses (the {@code msghdr} layout of 64-bit Linux).
 */
public final class NotifySocket implements AutoCloseable {

	private static final int AF_UNIX = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int SOL_SOCKET = 1;

	private static final int SO_RCVTIMEO = 20;

	private static final int SO_PASSCRED = 16;

	private static final int SCM_CREDENTIALS = 2;

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
		byte[] on = { 1, 0, 0, 0 };
		if (LIBC.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, on, on.length) != 0) {
			int errno = Native.getLastError();
			LIBC.close(fd);
			throw new IllegalStateException("setsockopt SO_PASSCRED: errno " + errno);
		}
		return new NotifySocket(path, fd);
	}

	public Path path() {
		return this.path;
	}

	/** A datagram and the pid of the process that sent it. */
	public record Datagram(String text, long senderPid) {
	}

	/** The next datagram, or null if none comes within {@code timeout}. */
	public Datagram receive(Duration timeout) {
		byte[] timeval = new byte[16];
		long seconds = timeout.toSeconds();
		long micros = timeout.toMillisPart() * 1000L;
		for (int i = 0; i < 8; i++) {
			timeval[i] = (byte) (seconds >>> (8 * i));
			timeval[8 + i] = (byte) (micros >>> (8 * i));
		}
		LIBC.setsockopt(this.fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length);
		Memory buffer = new Memory(4096);
		Memory iovec = new Memory(16);
		iovec.setPointer(0, buffer);
		iovec.setLong(8, buffer.size());
		Memory control = new Memory(64);
		control.clear();
		Memory message = new Memory(56);
		message.clear();
		message.setPointer(16, iovec);
		message.setLong(24, 1);
		message.setPointer(32, control);
		message.setLong(40, control.size());
		long n = LIBC.recvmsg(this.fd, message, 0);
		if (n < 0) {
			return null;
		}
		long senderPid = -1;
		// One control message: cmsghdr (length, level, type), then struct ucred (pid, uid, gid).
		if (message.getLong(40) >= 28 && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_CREDENTIALS) {
			senderPid = control.getInt(16);
		}
		return new Datagram(new String(buffer.getByteArray(0, (int) n), StandardCharsets.UTF_8), senderPid);
	}

	/** Datagrams until one contains {@code wanted}; the one that does, or null if none comes within {@code timeout}. */
	public String receiveUntil(String wanted, Duration timeout) {
		Datagram datagram = datagramUntil(wanted, timeout);
		return (datagram != null) ? datagram.text() : null;
	}

	/** As {@link #receiveUntil}, with its sender. */
	public Datagram datagramUntil(String wanted, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			Datagram datagram = receive(Duration.ofNanos(Math.max(left, 1_000_000)));
			if (datagram == null) {
				return null;
			}
			if (datagram.text().contains(wanted)) {
				return datagram;
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

		long recvmsg(int fd, Pointer message, int flags);

		int close(int fd);
	}
}
