package io.portsplit.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One selector thread serving many relayed pairs. It owns a single direct scratch buffer
 * that every read of every pair goes through, so an idle or keeping-up connection costs
 * no buffer memory at all.
 */
final class RelayLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(RelayLoop.class);

	private final Selector selector;

	private final ByteBuffer scratch;

	private final Queue<RelayPair> incoming = new ConcurrentLinkedQueue<>();

	private volatile boolean running = true;

	RelayLoop(int scratchBytes) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.scratch = ByteBuffer.allocateDirect(scratchBytes);
	}

	void add(RelayPair pair) {
		this.incoming.add(pair);
		this.selector.wakeup();
		if (!this.running) {
			// Lost the race with stop(): make sure nobody is left waiting on a dead loop.
			drainIncoming("portsplit is stopping");
		}
	}

	void stop() {
		this.running = false;
		this.selector.wakeup();
	}

	@Override
	public void run() {
		try {
			while (this.running) {
				this.selector.select();
				registerIncoming();
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Endpoint endpoint = (Endpoint) key.attachment();
					try {
						endpoint.pair.onReady(endpoint, key.readyOps(), this.scratch);
					}
					catch (CancelledKeyException ex) {
						endpoint.pair.close("closed");
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("relay loop failed; closing its connections", ex);
		}
		finally {
			closeAll();
		}
	}

	private void registerIncoming() {
		RelayPair pair;
		while ((pair = this.incoming.poll()) != null) {
			pair.register(this.selector);
		}
	}

	private void closeAll() {
		List<RelayPair> pairs = new ArrayList<>();
		for (SelectionKey key : this.selector.keys()) {
			RelayPair pair = ((Endpoint) key.attachment()).pair;
			if (!pairs.contains(pair)) {
				pairs.add(pair);
			}
		}
		pairs.forEach(pair -> pair.close("portsplit is stopping"));
		drainIncoming("portsplit is stopping");
		try {
			this.selector.close();
		}
		catch (IOException ignored) {
			// exiting anyway
		}
	}

	private void drainIncoming(String reason) {
		RelayPair pair;
		while ((pair = this.incoming.poll()) != null) {
			pair.close(reason);
		}
	}
}
