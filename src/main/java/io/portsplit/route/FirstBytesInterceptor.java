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
		if (read instanceof ClientRead.Bytes bytes) {
			byte[] data = bytes.data();
			System.arraycopy(data, 0, this.buffer, this.length, data.length);
			this.length += data.length;
			trigger = Trigger.DATA;
		}
		else {
			trigger = (read instanceof ClientRead.EndOfStream) ? Trigger.END_OF_STREAM : Trigger.DEADLINE;
		}
		Optional<Decision> decision = session.table().decide(this.buffer, this.length, trigger);
		if (decision.isEmpty()) {
			connection.setReadLimit(this.buffer.length - this.length);
			return;
		}
		session.decided(decision.get());
		RoutedConnection routed = new RoutedConnection(session, decision.get(), Arrays.copyOf(this.buffer, this.length));
		super.onMessage(MessageBuilder.withPayload(routed).copyHeaders(message.getHeaders()).build());
	}
}
