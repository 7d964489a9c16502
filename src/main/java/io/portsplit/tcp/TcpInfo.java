package io.portsplit.tcp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the kernel knows of a TCP socket that the JDK does not say, asked without reading
 * from it: whether a connection has been torn down, how long ago its last bytes came, and
 * how many connections a listening socket has queued.
 * <p>
 * The relay stops reading a side while its bytes wait for the other (backpressure); the JDK's
 * selector then drops that socket from epoll, so a reset on it goes unseen until the relay
 * reads again, which behind a backend that never reads is never. Reading to find out would
 * mean holding bytes nobody takes. Linux tells without touching the data: {@code TCP_INFO}
 * gives the state, {@code SO_ERROR} the pending error. Both are needed: a socket we shut
 * down for writing reaches CLOSE gracefully too when the peer's FIN arrives (with its last
 * bytes still unread), and a soft error (an ICMP notice) may be pending on a live
 * connection. The JDK hands out no descriptor: it is taken through
 * {@code sun.nio.ch}, which the jar's manifest exports to us ({@code Add-Exports}). Where
 * that, JNA or Linux is missing, {@link #available()} is false and a reset on a paused side
 * shows only when the relay next reads that side.
 */
public final class TcpInfo {

	private static final Log logger = LogFactory.getLog(TcpInfo.class);

	private static final int SOL_SOCKET = 1;

	private static final int SO_ERROR = 4;

	private static final int IPPROTO_TCP = 6;

	private static final int TCP_INFO = 11;

	/** {@code tcpi_state}, the first byte of {@code struct tcp_info}, after a reset or a timeout. */
	private static final int TCP_CLOSE = 7;

	/** {@code getFDVal} of the JDK's channels; null where it cannot be had. */
	private static final MethodHandle FD_VAL = fdAccessor();

	private static final MethodHandle FD_OF = fdOf(SocketChannel.class);

	private static final MethodHandle SERVER_FD_OF = fdOf(ServerSocketChannel.class);

	private static final CLibrary LIBC = (FD_VAL != null) ? loadLibc() : null;

	private TcpInfo() {
	}

	public static boolean available() {
		return LIBC != null;
	}

	/**
	 * @return true if the connection ended in an error (reset, or timed out); false if it did
	 * not, or if that is unknown. Clears the error it reports, as reading it would.
	 */
	public static boolean isTornDown(SocketChannel channel) {
		if (LIBC == null || !channel.isOpen()) {
			return false;
		}
		int fd;
		try {
			fd = (int) FD_OF.invokeExact(channel);
		}
		catch (Throwable ex) {
			return false;
		}
		byte[] info = new byte[8];
		int[] length = { info.length };
		if (LIBC.getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, length) != 0 || length[0] < 1 || info[0] != TCP_CLOSE) {
			return false;
		}
		byte[] error = new byte[4];
		length[0] = error.length;
		return LIBC.getsockopt(fd, SOL_SOCKET, SO_ERROR, error, length) == 0
				&& (error[0] | error[1] | error[2] | error[3]) != 0;
	}

	/** Offset of {@code tcpi_last_data_recv} in {@code struct tcp_info}: 8 one-byte fields, then eleven u32s before it. */
	private static final int LAST_DATA_RECV = 52;

	/**
	 * Milliseconds since the connection last received data; for a connection that has sent
	 * nothing yet, since its handshake completed. -1 if that is unknown.
	 */
	public static long millisSinceLastReceived(SocketChannel channel) {
		if (LIBC == null || !channel.isOpen()) {
			return -1;
		}
		int fd;
		try {
			fd = (int) FD_OF.invokeExact(channel);
		}
		catch (Throwable ex) {
			return -1;
		}
		byte[] info = new byte[LAST_DATA_RECV + 4];
		int[] length = { info.length };
		if (LIBC.getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, length) != 0 || length[0] < info.length) {
			return -1;
		}
		// Native byte order: little-endian on the machines portsplit runs on (x86-64, arm64).
		return (info[LAST_DATA_RECV] & 0xFFL) | (info[LAST_DATA_RECV + 1] & 0xFFL) << 8
				| (info[LAST_DATA_RECV + 2] & 0xFFL) << 16 | (info[LAST_DATA_RECV + 3] & 0xFFL) << 24;
	}

	/** Offset of {@code tcpi_unacked}, which for a listening socket is its accept queue's length. */
	private static final int UNACKED = 24;

	/** Connections accepted by the kernel and not yet by portsplit; -1 if that is unknown. */
	public static int acceptQueueLength(ServerSocketChannel channel) {
		if (LIBC == null || !channel.isOpen()) {
			return -1;
		}
		int fd;
		try {
			fd = (int) SERVER_FD_OF.invokeExact(channel);
		}
		catch (Throwable ex) {
			return -1;
		}
		byte[] info = new byte[UNACKED + 4];
		int[] length = { info.length };
		if (LIBC.getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, length) != 0 || length[0] < info.length) {
			return -1;
		}
		return (info[UNACKED] & 0xFF) | (info[UNACKED + 1] & 0xFF) << 8 | (info[UNACKED + 2] & 0xFF) << 16
				| (info[UNACKED + 3] & 0x7F) << 24;
	}

	private static MethodHandle fdAccessor() {
		if (!System.getProperty("os.name", "").startsWith("Linux")) {
			return null;
		}
		try {
			Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
			return MethodHandles.lookup().findVirtual(selectable, "getFDVal", MethodType.methodType(int.class));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("resets of connections paused for backpressure are seen only when the other side moves"
					+ " (run with --add-exports java.base/sun.nio.ch=ALL-UNNAMED to see them at once): " + ex);
			return null;
		}
	}

	private static MethodHandle fdOf(Class<?> channelType) {
		return (FD_VAL != null) ? FD_VAL.asType(MethodType.methodType(int.class, channelType)) : null;
	}

	private static CLibrary loadLibc() {
		try {
			return Native.load("c", CLibrary.class);
		}
		catch (LinkageError ex) {
			logger.info("JNA unavailable; resets of connections paused for backpressure are seen only when the"
					+ " other side moves: " + ex.getMessage());
			return null;
		}
	}

	/** The one libc function needed. */
	public interface CLibrary extends Library {

		int getsockopt(int fd, int level, int name, byte[] value, int[] length);
	}
}
