package io.portsplit.listen;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portsplit.config.BindAddress;

/**
 * Listening sockets opened before the Spring context starts, right after the
 * configuration is checked. The kernel completes clients' handshakes
 * and queues them in the backlog from then on, so nobody is refused during the seconds
 * the context takes; they are accepted and served once {@link ListenerRegistry} takes
 * these sockets over. A bind that fails is reported before any of that work is done.
 */
public final class EarlyBinds implements AutoCloseable {

	/** Clients the kernel queues per address while nothing accepts yet (capped by net.core.somaxconn). */
	static final int BACKLOG = 4096;

	private final Map<BindAddress, ServerSocketChannel> channels;

	private EarlyBinds(Map<BindAddress, ServerSocketChannel> channels) {
		this.channels = channels;
	}

	public static EarlyBinds none() {
		return new EarlyBinds(new LinkedHashMap<>());
	}

	/** @throws ListenFailedException naming the first address that could not be opened; none is left open */
	public static EarlyBinds open(List<BindAddress> binds) {
		EarlyBinds opened = none();
		try {
			for (BindAddress bind : binds) {
				opened.channels.put(bind, openChannel(bind));
			}
		}
		catch (ListenFailedException ex) {
			opened.close();
			throw ex;
		}
		return opened;
	}

	/** The socket opened early for this address, once; null if there is none (left). */
	synchronized ServerSocketChannel take(BindAddress bind) {
		return this.channels.remove(bind);
	}

	static ServerSocketChannel openChannel(BindAddress bind) {
		ServerSocketChannel channel = null;
		try {
			channel = ServerSocketChannel.open();
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(bind.socketAddress(), BACKLOG);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				closeQuietly(channel);
			}
			throw new ListenFailedException("cannot listen on " + bind + ": " + ex.getMessage(), ex);
		}
	}

	/** Closes the sockets nobody took (start-up failed, or a bind was not wanted after all). */
	@Override
	public synchronized void close() {
		this.channels.values().forEach(EarlyBinds::closeQuietly);
		this.channels.clear();
	}

	static void closeQuietly(ServerSocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing to recover
		}
	}
}
