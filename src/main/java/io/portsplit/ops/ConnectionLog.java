package io.portsplit.ops;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import io.portsplit.config.BindAddress;
import io.portsplit.listen.ClientSession;
import io.portsplit.listen.ConnectionEnd;
import io.portsplit.listen.ConnectionObserver;
import io.portsplit.route.Decision;

/**
 * SPEC 7: one line when a connection is decided and one when it ends. The same facts
 * are attached as key-value pairs, so Spring Boot's structured (JSON) logging carries
 * them as fields rather than as text to parse.
 */
public final class ConnectionLog implements ConnectionObserver {

	private static final Logger logger = LoggerFactory.getLogger("portsplit.connections");

	@Override
	public void rejectedAtLimit(Arrival arrival) {
		logger.atWarn()
			.addKeyValue("client", arrival.peer().toString())
			.addKeyValue("bind", arrival.bind().toString())
			.log("{} on {}: rejected, maxconn reached", hostPort(arrival.peer()), arrival.bind());
	}

	@Override
	public void decided(ClientSession session, Decision decision) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String target = decision.service().map(s -> s.action().toString()).orElse("close");
		common(logger.atInfo(), session).addKeyValue("service", decision.serviceName())
			.addKeyValue("target", target)
			.addKeyValue("outcome", decision.outcome().label())
			.addKeyValue("decidedBy", decision.reason())
			.log("{} {} on {} -> [{}] {} ({})", session.id(), hostPort(session.peer()), session.bind(),
					decision.serviceName(), target, decision.reason());
	}

	@Override
	public void ended(ClientSession session, ConnectionEnd end) {
		boolean failed = end.failure() != ConnectionEnd.Failure.NONE;
		LoggingEventBuilder event = failed ? logger.atWarn() : logger.atInfo();
		if (!failed && !logger.isInfoEnabled()) {
			return;
		}
		Duration duration = Duration.ofNanos(System.nanoTime() - session.acceptedNanos());
		Decision decision = session.decision();
		common(event, session).addKeyValue("service", (decision != null) ? decision.serviceName() : "-")
			.addKeyValue("bytesFromClient", end.bytesFromClient())
			.addKeyValue("bytesToClient", end.bytesToClient())
			.addKeyValue("durationMs", duration.toMillis())
			.addKeyValue("reason", end.reason())
			.log("{} ended: {} bytes from client, {} bytes to client, {} ms, {}", session.id(), end.bytesFromClient(),
					end.bytesToClient(), duration.toMillis(), end.reason());
	}

	private static LoggingEventBuilder common(LoggingEventBuilder event, ClientSession session) {
		return event.addKeyValue("connection", session.id())
			.addKeyValue("client", hostPort(session.peer()))
			.addKeyValue("bind", session.bind().toString());
	}

	private static String hostPort(InetSocketAddress address) {
		return BindAddress.hostPort(address.getAddress(), address.getPort());
	}
}
