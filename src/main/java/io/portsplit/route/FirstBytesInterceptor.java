package io.portsplit.route;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import io.portsplit.listen.ClientRead;
import io.portsplit.listen.ClientSession;
import io.portsplit.listen.LeadingBytesConnection;

/**
 * Collects a client's first bytes and asks the connection's routing table after every
 * read. Nothing passes on to the inbound adapter until there is a decision; then one
 * message carries the connection, the decision and the bytes read so far.
 */
final class FirstBytesInterceptor extends TcpConnectionInterceptorSupport {

	private byte[] buffer;

	private int length;

	FirstBytesInterceptor(ApplicationEventPublisher publisher) {
		super(publisher);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (!(message.getPayload() instanceof ClientRead read)) {
			super.onMessage(message);
			return;
		}
		LeadingBytesConnection connection = (LeadingBytesConnection) getTheConnection();
		ClientSession session = connection.session();
		if (this.buffer == null) {
			this.buffer = new byte[session.table().decisiveLength()];
		}
		Trigger trigger;
		// Bytes of this read past the buffer (data[taken..]): only when it filled it, so the decision is taken now.
		byte[] data = null;
		int taken = 0;
		if (read instanceof ClientRead.Bytes bytes) {
			data = bytes.data();
			taken = Math.min(data.length, this.buffer.length - this.length);
			System.arraycopy(data, 0, this.buffer, this.length, taken);
			this.length += taken;
			trigger = Trigger.DATA;
		}
		else {
			trigger = (read instanceof ClientRead.EndOfStream) ? Trigger.END_OF_STREAM : Trigger.DEADLINE;
		}
		int beyond = (data != null) ? data.length - taken : 0;
		Optional<Decision> decision = session.table().decide(this.buffer, this.length, trigger);
		if (decision.isEmpty()) {
			if (beyond > 0) {
				// A full buffer always decides (PatternMatcher#decisiveLength): this is a bug, not a client's doing.
				throw new IllegalStateException("no decision on a full buffer of " + this.length + " bytes");
			}
			connection.setReadLimit(this.buffer.length - this.length);
			return;
		}
		session.decided(decision.get());
		byte[] firstBytes = Arrays.copyOf(this.buffer, this.length + beyond);
		if (beyond > 0) {
			System.arraycopy(data, taken, firstBytes, this.length, beyond);
		}
		RoutedConnection routed = new RoutedConnection(session, decision.get(), firstBytes);
		super.onMessage(MessageBuilder.withPayload(routed).copyHeaders(message.getHeaders()).build());
	}
}
