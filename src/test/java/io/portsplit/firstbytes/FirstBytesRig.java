package io.portsplit.firstbytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.config.ConfigLoader;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.relay.LoopbackPair;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.ConnectionObserver;
import io.portsplit.session.ConnectionObservers;
import io.portsplit.session.RoutedConnection;
import io.portsplit.threads.TaskThreads;

/**
 * What a listener does for undecided clients, without Spring: it admits each connection
 * into a session, wires it as the connection factory would (a message mapper, the
 * {@link FirstBytesInterceptor}, and at the end of the chain a {@link Decided} recorder
 * standing in for the router), and hands it to a {@link FirstReadExecutor} with a real
 * {@link FirstBytesWaiter}. The test's thread plays the accept thread.
 * <p>
 * The recorder takes the socket of every decided client, as an action would, so that the
 * waiter lets go of it; the rig closes those sockets, every client and the waiter.
 */
final class FirstBytesRig implements AutoCloseable {

	/** Two services, each a {@code connect} that is never made: only the decisions are looked at. */
	static final String CONFIG = """
			bind = 127.0.0.1:1
			[http]
			string = GET\\20
			string = POST\\20
			connect = 127.0.0.1:1
			[ssh]
			string = SSH-
			connect = 127.0.0.1:1
			""";

	static final Duration WAIT = Duration.ofSeconds(10);

	static final String WAITER_THREAD = "first-bytes";

	private static final BindAddress BIND = new BindAddress(LoopbackPair.LOOPBACK, 1);

	final RoutingTable table;

	final Admission admission = new Admission(100);

	final RecordingObserver observer = new RecordingObserver();

	final Decided decided = new Decided();

	final FirstBytesWaiter waiter = new FirstBytesWaiter();

	private final TaskThreads threads = new TaskThreads(Duration.ofSeconds(1));

	private final FirstReadExecutor executor = new FirstReadExecutor(this.threads, "accept unit", this.waiter);

	private final ConnectionObservers observers = new ConnectionObservers(List.of(this.observer));

	private final List<Client> clients = new CopyOnWriteArrayList<>();

	private final Map<ClientSession, FirstBytesConnection> connections = new ConcurrentHashMap<>();

	/** @param timeout the decision deadline of every client */
	FirstBytesRig(Duration timeout) throws Exception {
		PortsplitConfig loaded = ConfigLoader.load(CONFIG, Path.of("unit.conf"));
		this.table = new RoutingTable(new PortsplitConfig(loaded.file(), loaded.binds(), loaded.maxconn(),
				loaded.pidFile(), timeout, loaded.services(), loaded.fallback(), loaded.timeoutService(),
				loaded.warnings()));
	}

	/** A client connected and accepted, but not handed to anything yet: it may send first. */
	Client connect() throws IOException {
		LoopbackPair pair = LoopbackPair.open();
		Client client = new Client(this, pair);
		this.clients.add(client);
		return client;
	}

	/** On the calling thread, as the accept thread: admits the client and reads it if its bytes are here. */
	void arrive(Client client) {
		this.executor.execute(client.interceptor);
	}

	@Override
	public void close() throws IOException {
		this.waiter.close();
		this.threads.close();
		for (Client client : this.clients) {
			client.pair.close();
		}
		for (Decided.Taken taken : this.decided.taken) {
			taken.channel().close();
		}
	}

	/** One client: the test plays {@link #peer()}; the rest is portsplit's. */
	static final class Client {

		final LoopbackPair pair;

		final FirstBytesConnection connection;

		final FirstBytesInterceptor interceptor;

		final CountingMapper mapper = new CountingMapper();

		Client(FirstBytesRig rig, LoopbackPair pair) {
			this.pair = pair;
			this.connection = new FirstBytesConnection(pair.near.socket(), "unit", rig.new Arrivals());
			this.connection.setMapper(this.mapper);
			this.interceptor = new FirstBytesInterceptor(DiscardedEvents.PUBLISHER);
			this.interceptor.setTheConnection(this.connection);
			this.interceptor.registerListener(rig.decided);
		}

		/** The client program's socket: blocking, reads time out. */
		SocketChannel peer() {
			return this.pair.far;
		}

		/** Reads of the connection so far (a deadline counts as one): one message each. */
		int reads() {
			return this.mapper.reads.get();
		}

		void awaitReads(int n) {
			await().atMost(WAIT).until(() -> reads() >= n);
			assertThat(reads()).as("reads").isEqualTo(n);
		}
	}

	/** Admits every connection, as {@code BindListener} does below its limit. */
	private final class Arrivals implements FirstBytesConnection.Arrivals {

		@Override
		public ClientSession admit(FirstBytesConnection connection) {
			InetSocketAddress remote = (InetSocketAddress) connection.getSocketInfo().getRemoteSocketAddress();
			InetSocketAddress local = (InetSocketAddress) connection.getSocketInfo().getLocalSocketAddress();
			Admission.Permit permit = FirstBytesRig.this.admission.admit(remote);
			assertThat(permit.admitted()).isTrue();
			ClientSession session = new ClientSession(BIND, local, remote, FirstBytesRig.this.table, connection,
					FirstBytesRig.this.observers, permit);
			FirstBytesRig.this.connections.put(session, connection);
			FirstBytesRig.this.observers.accepted(session);
			return session;
		}

		@Override
		public void forget(FirstBytesConnection connection) {
			// No books to take it off.
		}

		@Override
		public long waitedInBacklog(FirstBytesConnection connection) {
			// Not a listener that took over a socket opened before start-up.
			return 0;
		}
	}

	/** Counts the messages made of the connection's reads, on whichever thread reads it. */
	static final class CountingMapper extends TcpMessageMapper {

		final AtomicInteger reads = new AtomicInteger();

		@Override
		public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
			Message<?> message = super.toMessage(connection, headers);
			this.reads.incrementAndGet();
			return message;
		}
	}

	/**
	 * The end of the chain, where the router would be: records every message, and takes the
	 * socket of each decided client as its action would, noting the thread it ran on and
	 * whether the channel was still registered with a selector then.
	 */
	static final class Decided implements TcpListener {

		final BlockingQueue<Message<?>> messages = new LinkedBlockingQueue<>();

		final List<Taken> taken = new CopyOnWriteArrayList<>();

		@Override
		public void onMessage(Message<?> message) {
			if (message.getPayload() instanceof RoutedConnection routed) {
				SocketChannel channel = routed.session().takeChannel();
				this.taken.add(new Taken(channel, Thread.currentThread().getName(), channel.isRegistered(),
						channel.isBlocking()));
			}
			this.messages.add(message);
		}

		/** The next message passed on; fails if none comes in time. */
		Message<?> next() throws InterruptedException {
			Message<?> message = this.messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(message).as("a message passed on within " + WAIT).isNotNull();
			return message;
		}

		record Taken(SocketChannel channel, String thread, boolean registered, boolean blocking) {
		}
	}

	/**
	 * What the connection observers hear, with the thread each event came on; for an end,
	 * whether the client's channel was still registered with a selector when it came.
	 */
	final class RecordingObserver implements ConnectionObserver {

		final List<Event> events = new CopyOnWriteArrayList<>();

		@Override
		public void accepted(ClientSession session) {
			this.events.add(new Event("accepted", session, null, null, Thread.currentThread().getName(), false));
		}

		@Override
		public void decided(ClientSession session, Decision decision) {
			this.events.add(new Event("decided", session, decision, null, Thread.currentThread().getName(), false));
		}

		@Override
		public void ended(ClientSession session, ConnectionEnd end) {
			FirstBytesConnection connection = FirstBytesRig.this.connections.get(session);
			boolean registered = connection != null && connection.channel().isRegistered();
			this.events.add(new Event("ended", session, null, end, Thread.currentThread().getName(), registered));
		}

		List<Event> of(String kind, ClientSession session) {
			return this.events.stream().filter(e -> e.kind().equals(kind) && e.session() == session).toList();
		}

		/** The session's one end, once it has come. */
		Event awaitEnded(ClientSession session) {
			await().atMost(WAIT).until(() -> !of("ended", session).isEmpty());
			List<Event> ended = of("ended", session);
			assertThat(ended).hasSize(1);
			return ended.get(0);
		}

		Optional<Event> decision(ClientSession session) {
			return of("decided", session).stream().findFirst();
		}
	}

	record Event(String kind, ClientSession session, @Nullable Decision decision, @Nullable ConnectionEnd end,
			String thread, boolean channelRegistered) {
	}
}
