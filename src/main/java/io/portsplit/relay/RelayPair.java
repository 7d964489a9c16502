package io.portsplit.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/** A client and its backend, relayed both ways by one {@link RelayLoop}. */
final class RelayPair {

	private final Endpoint client;

	private final Endpoint backend;

	private final Flow up;

	private final Flow down;

	private final RelayListener listener;

	private boolean closed;

	RelayPair(SocketChannel client, SocketChannel backend, byte[] replay, RelayListener listener) {
		this.client = new Endpoint(this, client);
		this.backend = new Endpoint(this, backend);
		this.up = new Flow(this.client, this.backend, replay);
		this.down = new Flow(this.backend, this.client, new byte[0]);
		this.listener = listener;
	}

	void register(Selector selector) {
		try {
			this.client.channel.configureBlocking(false);
			this.backend.channel.configureBlocking(false);
			this.client.key = this.client.channel.register(selector, 0, this.client);
			this.backend.key = this.backend.channel.register(selector, 0, this.backend);
			updateInterest();
		}
		catch (IOException | RuntimeException ex) {
			close("relay setup failed: " + ex.getMessage());
		}
	}

	void onReady(Endpoint endpoint, int readyOps, ByteBuffer scratch) {
		try {
			if ((readyOps & SelectionKey.OP_WRITE) != 0) {
				flowInto(endpoint).flush();
			}
			if ((readyOps & SelectionKey.OP_READ) != 0) {
				flowFrom(endpoint).pump(scratch);
			}
			if (this.up.isDone() && this.down.isDone()) {
				close("closed");
			}
			else {
				updateInterest();
			}
		}
		catch (IOException | RuntimeException ex) {
			close(describe(ex));
		}
	}

	void close(String reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		closeQuietly(this.client.channel);
		closeQuietly(this.backend.channel);
		this.listener.relayEnded(this.up.bytes(), this.down.bytes(), reason);
	}

	private Flow flowFrom(Endpoint endpoint) {
		return (endpoint == this.client) ? this.up : this.down;
	}

	private Flow flowInto(Endpoint endpoint) {
		return (endpoint == this.client) ? this.down : this.up;
	}

	private void updateInterest() {
		this.client.setInterest(ops(this.up, this.down));
		this.backend.setInterest(ops(this.down, this.up));
	}

	private static int ops(Flow readFrom, Flow writeTo) {
		return (readFrom.wantsRead() ? SelectionKey.OP_READ : 0) | (writeTo.wantsWrite() ? SelectionKey.OP_WRITE : 0);
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return "error: " + ((message != null) ? message : ex.getClass().getSimpleName());
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing more to do for a socket we are discarding
		}
	}
}
