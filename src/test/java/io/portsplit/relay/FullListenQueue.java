package io.portsplit.relay;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A backend that does not answer connects: a listener with a backlog of 1 that never
 * accepts, its queue filled by two connections (Linux queues backlog + 1). While
 * {@code net.ipv4.tcp_abort_on_overflow} is 0, as it is by default, the kernel drops the SYN
 * of any further connect, which stays under way and is retried after about a second, then
 * three more. {@link #makeRoom()} empties the queue, so the next retry gets through.
 */
final class FullListenQueue implements AutoCloseable {

	private final ServerSocketChannel listener;

	private final List<SocketChannel> sockets = new ArrayList<>();

	private FullListenQueue(ServerSocketChannel listener) {
		this.listener = listener;
	}

	static FullListenQueue open() throws IOException {
		FullListenQueue full = new FullListenQueue(LoopbackPair.listen(0, 1));
		try {
			for (int i = 0; i < 2; i++) {
				full.sockets.add(SocketChannel.open(full.listener.getLocalAddress()));
			}
			return full;
		}
		catch (IOException | RuntimeException ex) {
			full.close();
			throw ex;
		}
	}

	/**
	 * A non-blocking socket whose connect to this backend is under way, as portsplit hands
	 * it to the relay. Closed with this object, if the code under test has not closed it.
	 */
	SocketChannel startConnect() throws IOException {
		SocketChannel channel = SocketChannel.open();
		this.sockets.add(channel);
		channel.configureBlocking(false);
		if (channel.connect(this.listener.getLocalAddress()) || channel.finishConnect()) {
			throw new IllegalStateException("the kernel accepted a connect beyond the backlog: this machine does"
					+ " not drop SYNs on a full listen queue");
		}
		return channel;
	}

	/** Accepts and closes the connections that fill the queue. */
	void makeRoom() throws IOException {
		for (int i = 0; i < 2; i++) {
			LoopbackPair.acceptWithin(this.listener).close();
		}
	}

	/** After {@link #makeRoom()}: the backend's end of the connect that was waiting, once the kernel retries it. */
	SocketChannel acceptTheWaitingConnect() throws IOException {
		SocketChannel accepted = LoopbackPair.acceptWithin(this.listener);
		this.sockets.add(accepted);
		return accepted;
	}

	@Override
	public void close() throws IOException {
		for (SocketChannel socket : this.sockets) {
			socket.close();
		}
		this.listener.close();
	}
}
