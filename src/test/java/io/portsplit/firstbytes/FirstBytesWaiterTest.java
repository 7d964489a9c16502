package io.portsplit.firstbytes;

import static io.portsplit.firstbytes.FirstBytesRig.WAITER_THREAD;
import static io.portsplit.relay.LoopbackPair.readToEnd;
import static io.portsplit.relay.LoopbackPair.writeAll;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.portsplit.firstbytes.FirstBytesRig.Client;
import io.portsplit.firstbytes.FirstBytesRig.Decided;
import io.portsplit.firstbytes.FirstBytesRig.Event;
import io.portsplit.route.Outcome;
import io.portsplit.session.ClientSession;
import io.portsplit.session.RoutedConnection;

/**
 * Clients whose first bytes are not there when the accept thread looks: they wait in the
 * {@link FirstBytesWaiter}, which decides them when their bytes come, when they end their
 * side, or at their deadline, and closes them, on its own thread, when asked to.
 * <p>
 * Each test fails against the waiter broken the way it names (checked by breaking the code
 * locally and restoring it): a client not watched again after an undecided read (the second
 * byte is never read); no timer for the deadlines (the silent client is never decided); the
 * channel handed on while still registered (no {@code selectNow} before serving: the
 * recorder sees it registered); {@code FirstBytesConnection.close} that closes at once from
 * any thread (the client still reads a FIN, but the session's end never comes);
 * a close request carried out as a reset (SO_LINGER 0: the client's read throws); a waiter
 * whose {@code close()} leaves its clients open (their reads time out).
 * <p>
 * Not covered: a full {@code FirstBytes} with no decision, which the interceptor treats as a
 * bug. Every condition settles within the bytes it can use, so a real {@link
 * io.portsplit.route.RoutingTable} always decides on a full buffer; provoking it would take a
 * table that can be made not to decide, a change beyond a visibility tweak.
 */
class FirstBytesWaiterTest {

	private FirstBytesRig rig;

	@AfterEach
	void close() throws Exception {
		if (this.rig != null) {
			this.rig.close();
		}
	}

	/**
	 * The client sends {@code SSH-} one byte at a time, each only once the one before has
	 * been read: four reads, and the decision on the fourth, on the waiter's thread.
	 */
	@Test
	void bytesThatComeLateAreDecidedWhenTheyCome() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofSeconds(60));
		Client client = this.rig.connect();
		this.rig.arrive(client);
		assertThat(client.reads()).as("reads on the accept thread").isZero();

		for (int i = 0; i < 3; i++) {
			writeAll(client.peer(), new byte[] { "SSH-".getBytes(US_ASCII)[i] });
			client.awaitReads(i + 1);
			assertThat(this.rig.decided.messages).as("passed on before the decision").isEmpty();
		}
		writeAll(client.peer(), new byte[] { '-' });

		RoutedConnection routed = (RoutedConnection) this.rig.decided.next().getPayload();
		assertThat(client.reads()).isEqualTo(4);
		assertThat(text(routed.firstBytes())).isEqualTo("SSH-");
		assertThat(routed.decision().outcome()).isEqualTo(Outcome.MATCH);
		assertThat(routed.decision().serviceName()).isEqualTo("ssh");
		Event decided = this.rig.observer.decision(routed.session()).orElseThrow();
		assertThat(decided.thread()).isEqualTo(WAITER_THREAD);
		Decided.Taken taken = this.rig.decided.taken.get(0);
		assertThat(taken.thread()).isEqualTo(WAITER_THREAD);
		assertThat(taken.registered()).as("registered with the waiter's selector when handed on").isFalse();
		assertThat(taken.blocking()).as("blocking when handed on by the waiter").isFalse();
		assertThat(this.rig.decided.messages).as("more than one message").isEmpty();
	}

	/** A client that says nothing is decided at its deadline, not before, and the deadline is its {@code timeout}. */
	@Test
	void aSilentClientIsDecidedAtItsDeadline() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		this.rig = new FirstBytesRig(timeout);
		Client client = this.rig.connect();
		this.rig.arrive(client);

		RoutedConnection routed = (RoutedConnection) this.rig.decided.next().getPayload();

		assertThat(routed.decision().outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(routed.decision().service()).as("service without a [timeout] section").isEmpty();
		assertThat(routed.firstBytes()).isEmpty();
		ClientSession session = routed.session();
		assertThat(session.decidedNanos() - session.acceptedNanos()).as("nanoseconds from accept to decision")
			.isGreaterThanOrEqualTo(timeout.toNanos());
		assertThat(this.rig.decided.taken.get(0).registered()).isFalse();
	}

	/** What came before the deadline goes on with the timeout decision. */
	@Test
	void aClientThatFallsSilentIsDecidedAtItsDeadlineWithWhatItSent() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofMillis(300));
		Client client = this.rig.connect();
		this.rig.arrive(client);
		writeAll(client.peer(), "GE".getBytes(US_ASCII));

		RoutedConnection routed = (RoutedConnection) this.rig.decided.next().getPayload();

		assertThat(routed.decision().outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(text(routed.firstBytes())).isEqualTo("GE");
	}

	@Test
	void aClientThatEndsItsSideBeforeSendingIsDecidedEof() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofSeconds(60));
		Client client = this.rig.connect();
		this.rig.arrive(client);

		client.peer().shutdownOutput();

		RoutedConnection routed = (RoutedConnection) this.rig.decided.next().getPayload();
		assertThat(routed.decision().outcome()).isEqualTo(Outcome.EOF);
		assertThat(routed.decision().service()).isEmpty();
		assertThat(routed.firstBytes()).isEmpty();
		assertThat(this.rig.observer.decision(routed.session()).orElseThrow().thread()).isEqualTo(WAITER_THREAD);
	}

	/**
	 * A close asked for by another thread (a listener stopping) while the client is watched:
	 * the waiter carries it out on its own thread once the channel is deregistered, so the
	 * client gets a FIN (its read ends) rather than a reset (its read throws), and the
	 * session ends, once, with the admission given back.
	 */
	@Test
	void aCloseFromAnotherThreadIsCarriedOutByTheWaiterAsAnOrdinaryEnd() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofSeconds(60));
		Client client = this.rig.connect();
		this.rig.arrive(client);
		writeAll(client.peer(), "G".getBytes(US_ASCII));
		client.awaitReads(1);

		client.connection.close();

		assertThat(readToEnd(client.peer())).as("what the client reads before the end").isEmpty();
		Event ended = this.rig.observer.awaitEnded(client.connection.session());
		assertThat(ended.thread()).isEqualTo(WAITER_THREAD);
		assertThat(ended.channelRegistered()).as("registered when closed").isFalse();
		assertThat(ended.end().reason()).isEqualTo("client error before decision: Socket closed");
		assertThat(client.pair.near.isOpen()).isFalse();
		assertThat(this.rig.admission.open()).isZero();
		assertThat(this.rig.decided.messages).as("passed on").isEmpty();
	}

	/** Stopping the waiter closes every client still waiting, whatever it has sent, each with an ordinary end. */
	@Test
	void closingTheWaiterClosesEveryWatchedClient() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofSeconds(60));
		List<Client> clients = List.of(this.rig.connect(), this.rig.connect(), this.rig.connect());
		for (Client client : clients) {
			this.rig.arrive(client);
		}
		writeAll(clients.get(1).peer(), "SS".getBytes(US_ASCII));
		writeAll(clients.get(2).peer(), "P".getBytes(US_ASCII));
		clients.get(1).awaitReads(1);
		clients.get(2).awaitReads(1);

		this.rig.waiter.close();

		for (Client client : clients) {
			assertThat(readToEnd(client.peer())).isEmpty();
			Event ended = this.rig.observer.awaitEnded(client.connection.session());
			assertThat(ended.channelRegistered()).as("registered when closed").isFalse();
			assertThat(ended.end().reason()).isEqualTo("client error before decision: Socket closed");
			assertThat(client.pair.near.isOpen()).isFalse();
		}
		assertThat(this.rig.admission.open()).isZero();
		assertThat(this.rig.decided.messages).as("passed on").isEmpty();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, US_ASCII);
	}
}
