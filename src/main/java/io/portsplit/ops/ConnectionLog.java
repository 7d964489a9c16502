package io.portsplit.ops;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.scheduling.TaskScheduler;

import io.portsplit.access.Admission;
import io.portsplit.config.BindAddress;
import io.portsplit.match.ClientHints;
import io.portsplit.route.Decision;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.ConnectionObserver;

/**
 * One line when a connection is decided and one when it ends. The same facts
 * are attached as key-value pairs, so Spring Boot's structured (JSON) logging carries
 * them as fields rather than as text to parse
 * ({@code --logging.structured.format.console=ecs} or {@code logstash}).
 */
final class ConnectionLog implements ConnectionObserver {

	private static final Logger logger = LoggerFactory.getLogger("portsplit.connections");

	/**
	 * Prefix of every key: the structured formats write fields of their own at the top
	 * level (ECS has a {@code service} object), and a key that collides with one makes
	 * Logback drop the whole line. ECS nests dotted keys: {@code "portsplit":{"service":...}}.
	 */
	static final String KEY = "portsplit.";

	private final RefusalLog refusals;

	ConnectionLog(TaskScheduler scheduler) {
		this.refusals = new RefusalLog(logger, scheduler, System::nanoTime);
	}

	@Override
	public void refused(Arrival arrival, Admission.Refusal refusal) {
		if (!this.refusals.admit(refusal)) {
			return;
		}
		logger.atWarn()
			.addKeyValue(KEY + "client", arrival.client().toString())
			.addKeyValue(KEY + "bind", arrival.bind().toString())
			.addKeyValue(KEY + "reason", refusal.tag())
			.log("{} on {}: rejected, {}", hostPort(arrival.client()), arrival.bind(), refusal.text());
	}

	@Override
	public void decided(ClientSession session, Decision decision) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String target = decision.service().map(s -> s.action().toString()).orElse("close");
		LoggingEventBuilder event = common(logger.atInfo(), session).addKeyValue(KEY + "service", decision.serviceName())
			.addKeyValue(KEY + "target", target)
			.addKeyValue(KEY + "outcome", decision.outcome().label())
			.addKeyValue(KEY + "decidedBy", decision.reason());
		ClientHints hints = session.hints();
		if (hints.isEmpty()) {
			event.log("{} {} on {} -> [{}] {} ({})", session.id(), hostPort(session.client()), session.bind(),
					decision.serviceName(), target, decision.reason());
			return;
		}
		StringBuilder asked = new StringBuilder();
		if (hints.serverName() != null) {
			String sni = printable(hints.serverName());
			event.addKeyValue(KEY + "sni", sni);
			asked.append(" sni=").append(sni);
		}
		if (!hints.alpn().isEmpty()) {
			String alpn = printable(String.join(",", hints.alpn()));
			event.addKeyValue(KEY + "alpn", alpn);
			asked.append(" alpn=").append(alpn);
		}
		if (hints.host() != null) {
			String host = printable(hints.host());
			event.addKeyValue(KEY + "host", host);
			asked.append(" host=").append(host);
		}
		event.log("{} {} on {} -> [{}] {} ({}){}", session.id(), hostPort(session.client()), session.bind(),
				decision.serviceName(), target, decision.reason(), asked);
	}

	/**
	 * A client's own text, as safe to put in a log line: what is not printable ASCII (a
	 * newline that would forge a line, a control character, a space that would end the
	 * value) is written {@code \xHH}.
	 */
	static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c > 0x20 && c < 0x7F && c != '\\') {
				out.append(c);
			}
			else {
				out.append(String.format("\\x%02X", (int) c & 0xFF));
			}
		}
		return out.toString();
	}

	@Override
	public void ended(ClientSession session, ConnectionEnd end) {
		boolean failed = end.failure() != ConnectionEnd.Failure.NONE;
		if (end.failure() == ConnectionEnd.Failure.REFUSED && !this.refusals.admit(end.refusal())) {
			return;
		}
		// Level checks walk Logback's turbo filters: one per connection that ends normally, not two.
		if (!failed && !logger.isInfoEnabled()) {
			return;
		}
		LoggingEventBuilder event = failed ? logger.atWarn() : logger.atInfo();
		Duration duration = Duration.ofNanos(System.nanoTime() - session.acceptedNanos());
		Decision decision = session.decision();
		common(event, session).addKeyValue(KEY + "service", (decision != null) ? decision.serviceName() : "-")
			.addKeyValue(KEY + "bytesFromClient", end.bytesFromClient())
			.addKeyValue(KEY + "bytesToClient", end.bytesToClient())
			.addKeyValue(KEY + "durationMs", duration.toMillis())
			.addKeyValue(KEY + "reason", end.reason())
			.log("{} ended: {} bytes from client, {} bytes to client, {} ms, {}", session.id(), end.bytesFromClient(),
					end.bytesToClient(), duration.toMillis(), end.reason());
	}

	private static LoggingEventBuilder common(LoggingEventBuilder event, ClientSession session) {
		return event.addKeyValue(KEY + "connection", session.id())
			.addKeyValue(KEY + "client", hostPort(session.client()))
			.addKeyValue(KEY + "bind", session.bind().toString());
	}

	private static String hostPort(InetSocketAddress address) {
		return BindAddress.hostPort(address.getAddress(), address.getPort());
	}
}
