package io.portsplit.firstbytes;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import io.portsplit.access.Admission;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.FirstBytes;
import io.portsplit.proxy.ProxyHeader;
import io.portsplit.proxy.ProxyHeaderDecoder;
import io.portsplit.route.Decision;
import io.portsplit.route.ServiceRouter;
import io.portsplit.route.Trigger;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.RoutedConnection;

/**
 * Asks the connection's routing table after every read of its first bytes. Nothing passes
 * on to the inbound adapter until there is a decision; then one message carries the
 * connection and the bytes read so far, with the decision in a header for the router.
 * <p>
 * A connection from a trusted proxy first has its PROXY header read and consumed here: the
 * header is never part of the first bytes, and the client it names is checked and becomes
 * the session's client before any condition looks at the bytes after it.
 */
final class FirstBytesInterceptor extends TcpConnectionInterceptorSupport {

	/** Made for a connection from a trusted proxy, until its header is read. */
	private ProxyHeaderDecoder proxyHeader;

	FirstBytesInterceptor(ApplicationEventPublisher publisher) {
		super(publisher);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (!(message.getPayload() instanceof Trigger trigger)) {
			super.onMessage(message);
			return;
		}
		ClientSession session = ((FirstBytesConnection) getTheConnection()).session();
		FirstBytes bytes = session.firstBytes();
		if (session.awaitsProxyHeader() && !readProxyHeader(session, bytes, trigger)) {
			return;
		}
		Optional<Decision> decision = session.table().decide(bytes, trigger, session.client().getAddress());
		if (decision.isEmpty()) {
			if (bytes.wanted() == 0) {
				// Every condition settles within what it can use: a bug, not a client's doing.
				throw new IllegalStateException("no decision on a full buffer of " + bytes.length() + " bytes");
			}
			return;
		}
		session.decided(decision.get());
		ServiceSpec service = decision.get().service().orElse(null);
		if (service != null) {
			Admission.Refusal full = session.claimService(service.name(), service.policy().maxconn());
			if (full != null) {
				session.refuse(full, bytes.length(), "[" + service.name() + "]");
				return;
			}
		}
		RoutedConnection routed = new RoutedConnection(session, decision.get(), bytes.toArray());
		super.onMessage(MessageBuilder.withPayload(routed)
			.copyHeaders(message.getHeaders())
			.setHeader(ServiceRouter.DECISION, decision.get())
			.build());
	}

	/**
	 * Feeds what was read to the PROXY header decoder and drops what it consumed.
	 * @return true once the header is read, the client identified and admitted, and the
	 * bytes after the header (if any) are to be matched; false while the header is incomplete,
	 * or when the connection was ended
	 */
	private boolean readProxyHeader(ClientSession session, FirstBytes bytes, Trigger trigger) {
		if (this.proxyHeader == null) {
			this.proxyHeader = new ProxyHeaderDecoder();
		}
		if (trigger == Trigger.DEADLINE) {
			session.refuse(Admission.Refusal.PROXY_HEADER, 0, "none within the timeout");
			return false;
		}
		if (trigger == Trigger.END_OF_STREAM) {
			// A balancer's health check may connect and close without a word: not a refusal, just an end.
			session.end(ConnectionEnd.of(0, 0, "closed before its PROXY header"));
			return false;
		}
		int consumed = this.proxyHeader.feed(bytes.data(), 0, bytes.length());
		bytes.discardFirst(consumed);
		switch (this.proxyHeader.status()) {
			case INCOMPLETE -> {
				return false;
			}
			case INVALID -> {
				session.refuse(Admission.Refusal.PROXY_HEADER, 0, this.proxyHeader.problem());
				return false;
			}
			default -> {
				ProxyHeader header = this.proxyHeader.header();
				this.proxyHeader = null;
				Admission.Refusal refusal = session.identified(header.source(), header.destination());
				if (refusal != null) {
					session.refuse(refusal, 0, null);
					return false;
				}
				// Only with bytes past the header: the client may not have sent its own yet.
				return bytes.length() > 0;
			}
		}
	}
}
