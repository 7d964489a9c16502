package io.portsplit.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import io.portsplit.support.FreePorts;

/**
 * A backend whose connect never completes: it listens with a backlog of one and never
 * accepts, and its queue is filled first, so the kernel drops further SYNs and portsplit's
 * connect stays pending (until its 5 s connect timeout). Loopback only, no routing tricks.
 */
final class StalledBackend implements AutoCloseable {

	private static final int FILLERS = 8;

	private final ServerSocket server;

	private final List<SocketChannel> fillers = new ArrayList<>();

	StalledBackend() throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(FreePorts.IPV4, 0), 1);
		for (int i = 0; i < FILLERS; i++) {
			SocketChannel filler = SocketChannel.open();
			filler.configureBlocking(false);
			filler.connect(this.server.getLocalSocketAddress());
			this.fillers.add(filler);
		}
	}

	String target() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		for (SocketChannel filler : this.fillers) {
			filler.close();
		}
		this.server.close();
	}
}
