package io.portsplit.firstbytes;

import static io.portsplit.relay.LoopbackPair.readExactly;
import static io.portsplit.relay.LoopbackPair.writeAll;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import io.portsplit.firstbytes.FirstBytesRig.Client;
import io.portsplit.route.Decision;
import io.portsplit.route.Outcome;
import io.portsplit.route.ServiceRouter;
import io.portsplit.session.RoutedConnection;

/**
 * The one message the interceptor passes on for a client: a {@link RoutedConnection} with
 * the session, the decision and every byte read before it, in order, and the decision again
 * in the {@link ServiceRouter#DECISION} header that the router reads; the headers of the
 * read that decided it come along. Nothing passes before the decision.
 * <p>
 * Each test fails against the interceptor broken the way it names (checked by breaking the
 * code locally and restoring it): the header left out; the payload cut to what the
 * patterns can use; the read's headers dropped; a message that is not a read swallowed.
 */
class FirstBytesInterceptorTest {

	private static final String REQUEST = "GET /index.html HTTP/1.0\r\nHost: example\r\n\r\n";

	private FirstBytesRig rig;

	@BeforeEach
	void open() throws Exception {
		this.rig = new FirstBytesRig(Duration.ofSeconds(60));
	}

	@AfterEach
	void close() throws Exception {
		this.rig.close();
	}

	/**
	 * Bytes already there when the accept thread looks are read in one go, up to what the
	 * conditions can use and the rest of what has arrived too; all of it goes on, decided on
	 * the accept thread, and the socket is handed on blocking, as that thread left it.
	 */
	@Test
	void bytesAlreadyThereAreDecidedOnTheAcceptThreadAndAllPassedOn() throws Exception {
		Client client = this.rig.connect();
		writeAll(client.peer(), REQUEST.getBytes(US_ASCII));
		await().atMost(FirstBytesRig.WAIT)
			.until(() -> client.pair.near.socket().getInputStream().available() == REQUEST.length());

		this.rig.arrive(client);

		Message<?> message = this.rig.decided.next();
		assertThat(client.reads()).isOne();
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		assertThat(routed.session()).isSameAs(client.connection.session());
		assertThat(new String(routed.firstBytes(), US_ASCII)).isEqualTo(REQUEST);
		Decision decision = routed.decision();
		assertThat(decision.outcome()).isEqualTo(Outcome.MATCH);
		assertThat(decision.serviceName()).isEqualTo("http");
		assertThat(decision.reason()).isEqualTo("pattern 'GET\\20'");
		assertThat(message.getHeaders().get(ServiceRouter.DECISION)).isSameAs(decision);
		assertThat(message.getHeaders().get(IpHeaders.CONNECTION_ID)).isEqualTo(client.connection.getConnectionId());
		assertThat(routed.session().decision()).isSameAs(decision);
		assertThat(this.rig.observer.of("decided", routed.session())).hasSize(1);
		assertThat(this.rig.observer.decision(routed.session()).orElseThrow().thread())
			.isEqualTo(Thread.currentThread().getName());
		assertThat(this.rig.decided.taken.get(0).blocking()).as("blocking when handed on by the accept thread").isTrue();
		assertThat(this.rig.decided.messages).as("more than one message").isEmpty();
	}

	/**
	 * Across reads on the waiter: {@code GE}, then {@code T /x}, of which a read takes only
	 * what the longest pattern can still use ({@code T /}). The message has both reads' bytes
	 * in order, and the {@code x} not read stays in the socket for the action.
	 */
	@Test
	void bytesOfSeveralReadsArePassedOnTogetherInOrder() throws Exception {
		Client client = this.rig.connect();
		this.rig.arrive(client);
		writeAll(client.peer(), "GE".getBytes(US_ASCII));
		client.awaitReads(1);
		assertThat(this.rig.decided.messages).as("passed on before the decision").isEmpty();

		writeAll(client.peer(), "T /x".getBytes(US_ASCII));

		Message<?> message = this.rig.decided.next();
		assertThat(client.reads()).isEqualTo(2);
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		assertThat(new String(routed.firstBytes(), US_ASCII)).isEqualTo("GET /");
		assertThat(routed.decision().serviceName()).isEqualTo("http");
		assertThat(message.getHeaders().get(ServiceRouter.DECISION)).isSameAs(routed.decision());

		SocketChannel channel = this.rig.decided.taken.get(0).channel();
		channel.configureBlocking(true);
		channel.socket().setSoTimeout(10_000);
		assertThat(new String(readExactly(channel, 1), US_ASCII)).isEqualTo("x");
	}

	/** Bytes that can no longer match any pattern: decided at once, fallback, with the bytes. */
	@Test
	void bytesThatMatchNothingGoOnAsFallbackWithTheHeader() throws Exception {
		Client client = this.rig.connect();
		this.rig.arrive(client);
		writeAll(client.peer(), "X".getBytes(US_ASCII));

		Message<?> message = this.rig.decided.next();
		RoutedConnection routed = (RoutedConnection) message.getPayload();
		assertThat(routed.decision().outcome()).isEqualTo(Outcome.FALLBACK);
		assertThat(routed.decision().service()).isEmpty();
		assertThat(new String(routed.firstBytes(), US_ASCII)).isEqualTo("X");
		assertThat(message.getHeaders().get(ServiceRouter.DECISION)).isSameAs(routed.decision());
	}

	/** What is not one of its reads (an error message of Spring Integration's, say) goes on untouched. */
	@Test
	void aMessageThatIsNotAReadPassesThroughAsItIs() throws Exception {
		Client client = this.rig.connect();
		Message<ByteBuffer> other = MessageBuilder.withPayload(ByteBuffer.allocate(1)).build();

		client.interceptor.onMessage(other);

		assertThat(this.rig.decided.next()).isSameAs(other);
	}
}
