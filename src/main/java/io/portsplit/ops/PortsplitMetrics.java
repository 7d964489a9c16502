package io.portsplit.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.DisposableBean;


import io.portsplit.access.Admission;
import io.portsplit.config.ActionSpec;
import io.portsplit.config.BackendAddress;
import io.portsplit.config.BindAddress;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;
import io.portsplit.route.Decision;
import io.portsplit.route.Outcome;
import io.portsplit.session.ClientSession;
import io.portsplit.session.ConnectionEnd;
import io.portsplit.session.ConnectionObserver;

/**
 * Micrometer meters for every connection event (README, "Metrics"). Called once per
 * event, never per chunk of relayed data: bytes are recorded when a connection ends.
 * Meters are built once per (bind, service) and kept in maps, so an event costs two map
 * look-ups and an atomic add, without allocation.
 * <p>
 * Every rejection and backend-failure series a configuration can produce exists from the
 * moment it is running, at zero ({@link #registerFor}): a dashboard or an alert on them
 * can tell "none" from "not exported".
 */
final class PortsplitMetrics implements ConnectionObserver, DisposableBean {

	/** Service tag of a connection that no service took (closed, or not decided). */
	static final String NO_SERVICE = "-";

	static final String ACCEPTED = "portsplit.connections.accepted";

	static final String ACTIVE = "portsplit.connections.active";

	static final String ENDED = "portsplit.connections.ended";

	static final String OPEN = "portsplit.connections.open";

	static final String LIMIT = "portsplit.connections.limit";

	static final String SOURCES = "portsplit.sources.tracked";

	static final String REJECTED = "portsplit.connections.rejected";

	static final String DECISIONS = "portsplit.decisions";

	static final String DECISION_TIME = "portsplit.decision.time";

	static final String BYTES = "portsplit.bytes";

	static final String BACKEND_CONNECT_TIME = "portsplit.backend.connect.time";

	/** Explicit buckets an operator can read (1 ms to 60 s), instead of ~70 generated ones per series. */
	private static final Duration[] DECISION_BUCKETS = durations(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
			10_000, 30_000, 60_000);

	private static final Duration[] CONNECT_BUCKETS = durations(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
			10_000);

	/** The {@code reason} tag of {@value #REJECTED}: a refusal by a rule, or a client that could not be served. */
	enum Rejection {

		MAXCONN("maxconn"), ACL("acl"), SOURCE_LIMIT("source_limit"), RATE("rate"), SERVICE_LIMIT("service_limit"),
		PROXY_HEADER("proxy_header"),

		/** No pattern could match and there is no {@code [fallback]}. */
		NO_MATCH("no_match"),

		/** {@code timeout} expired and there is no {@code [timeout]}. */
		TIMEOUT("timeout"),

		/** The backend could not be connected. */
		BACKEND("backend"),

		/** The program could not be started. */
		EXEC("exec");

		/** What a connection no service took can be rejected for. */
		static final Rejection[] UNSERVED = { MAXCONN, ACL, SOURCE_LIMIT, RATE, PROXY_HEADER, NO_MATCH, TIMEOUT };

		private final String tag;

		Rejection(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

		static Rejection of(Admission.Refusal refusal) {
			return switch (refusal) {
				case MAXCONN -> MAXCONN;
				case ACL -> ACL;
				case SOURCE_LIMIT -> SOURCE_LIMIT;
				case RATE -> RATE;
				case SERVICE_LIMIT -> SERVICE_LIMIT;
				case PROXY_HEADER -> PROXY_HEADER;
			};
		}
	}

	private final MeterRegistry registry;

	/** Connections accepted before the metrics started are not theirs: an end would come without its start. */
	private final long since = System.nanoTime();

	private volatile Runnable onClose = () -> {
	};

	private final ConcurrentMap<BindAddress, Counter> accepted = new ConcurrentHashMap<>();

	private final ConcurrentMap<BindAddress, ConcurrentMap<String, ServiceMeters>> services = new ConcurrentHashMap<>();

	PortsplitMetrics(MeterRegistry registry, Admission admission) {
		this.registry = registry;
		Gauge.builder(OPEN, admission, Admission::open)
			.description("Client connections open now, over all binds (counted against maxconn)")
			.register(registry);
		Gauge.builder(LIMIT, admission, Admission::maxconn)
			.description("The maxconn setting in force")
			.register(registry);
		Gauge.builder(SOURCES, admission, Admission::trackedSources)
			.description("Client sources tracked for maxconn-per-source and rate-per-source")
			.register(registry);
	}

	/**
	 * Registers, at zero, every series of rejections and backend failures that {@code config}
	 * can produce, for each of its binds: at start and after each reload.
	 */
	void registerFor(PortsplitConfig config) {
		for (BindAddress bind : config.binds()) {
			accepted(bind);
			ServiceMeters unserved = meters(bind, NO_SERVICE);
			for (Rejection reason : Rejection.UNSERVED) {
				unserved.rejected(reason);
			}
			for (ServiceSpec service : config.allServices()) {
				ServiceMeters meters = meters(bind, service.name());
				if (service.policy().maxconn() > 0) {
					meters.rejected(Rejection.SERVICE_LIMIT);
				}
				if (service.action() instanceof ActionSpec.Connect) {
					meters.rejected(Rejection.BACKEND);
					meters.backendConnect(true);
					meters.backendConnect(false);
				}
				else {
					meters.rejected(Rejection.EXEC);
				}
			}
		}
	}

	/** What to undo when the management context closes (leaving the core's observers). */
	void onClose(Runnable undo) {
		this.onClose = undo;
	}

	@Override
	public void destroy() {
		this.onClose.run();
	}

	private boolean before(ClientSession session) {
		return session.acceptedNanos() - this.since < 0;
	}

	@Override
	public void refused(Arrival arrival, Admission.Refusal refusal) {
		meters(arrival.bind(), NO_SERVICE).rejected(Rejection.of(refusal)).increment();
	}

	@Override
	public void accepted(ClientSession session) {
		if (before(session)) {
			return;
		}
		accepted(session.bind()).increment();
	}

	private Counter accepted(BindAddress bind) {
		Counter counter = this.accepted.get(bind);
		if (counter == null) {
			counter = this.accepted.computeIfAbsent(bind, b -> Counter.builder(ACCEPTED)
				.description("Client connections accepted (within maxconn)")
				.tag("bind", b.toString())
				.register(this.registry));
		}
		return counter;
	}

	@Override
	public void decided(ClientSession session, Decision decision) {
		if (before(session)) {
			return;
		}
		ServiceMeters meters = meters(session.bind(), decision.serviceName());
		meters.active.incrementAndGet();
		meters.decisions(decision.outcome()).increment();
		meters.decisionTime(decision.outcome())
			.record(session.decidedNanos() - session.acceptedNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void ended(ClientSession session, ConnectionEnd end) {
		if (before(session)) {
			return;
		}
		Decision decision = session.decision();
		ServiceMeters meters = meters(session.bind(), (decision != null) ? decision.serviceName() : NO_SERVICE);
		if (decision != null) {
			meters.active.decrementAndGet();
		}
		meters.ended.increment();
		meters.bytesFromClient.increment(end.bytesFromClient());
		meters.bytesToClient.increment(end.bytesToClient());
		Rejection rejection = rejection(decision, end);
		if (rejection != null) {
			meters.rejected(rejection).increment();
		}
	}

	@Override
	public void backendConnect(ClientSession session, BackendAddress target, long nanos, boolean connected) {
		if (before(session)) {
			return;
		}
		Decision decision = session.decision();
		ServiceMeters meters = meters(session.bind(), (decision != null) ? decision.serviceName() : NO_SERVICE);
		meters.backendConnect(connected).record(nanos, TimeUnit.NANOSECONDS);
	}

	private static Rejection rejection(Decision decision, ConnectionEnd end) {
		return switch (end.failure()) {
			case BACKEND -> Rejection.BACKEND;
			case EXEC -> Rejection.EXEC;
			case NO_SERVICE -> (decision != null && decision.outcome() == Outcome.TIMEOUT) ? Rejection.TIMEOUT
					: Rejection.NO_MATCH;
			case REFUSED -> Rejection.of(end.refusal());
			case NONE, CLIENT_ERROR -> null;
		};
	}

	/** Live counts of one service over all binds, for {@code /actuator/portsplit}. */
	Map<String, Object> counts(String service) {
		long active = 0;
		long decided = 0;
		double ended = 0;
		long rejected = 0;
		double fromClient = 0;
		double toClient = 0;
		for (ConcurrentMap<String, ServiceMeters> byService : this.services.values()) {
			ServiceMeters meters = byService.get(service);
			if (meters == null) {
				continue;
			}
			active += meters.active.get();
			decided += meters.decided();
			ended += meters.ended.count();
			rejected += meters.rejected();
			fromClient += meters.bytesFromClient.count();
			toClient += meters.bytesToClient.count();
		}
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("active", active);
		counts.put("decided", decided);
		counts.put("ended", (long) ended);
		counts.put("rejected", rejected);
		counts.put("bytesFromClient", (long) fromClient);
		counts.put("bytesToClient", (long) toClient);
		return counts;
	}

	private ServiceMeters meters(BindAddress bind, String service) {
		ConcurrentMap<String, ServiceMeters> byService = this.services.get(bind);
		if (byService == null) {
			byService = this.services.computeIfAbsent(bind, b -> new ConcurrentHashMap<>());
		}
		ServiceMeters meters = byService.get(service);
		if (meters == null) {
			meters = byService.computeIfAbsent(service, s -> new ServiceMeters(this.registry, bind.toString(), s));
		}
		return meters;
	}

	private static Duration[] durations(long... millis) {
		Duration[] durations = new Duration[millis.length];
		for (int i = 0; i < millis.length; i++) {
			durations[i] = Duration.ofMillis(millis[i]);
		}
		return durations;
	}

	/**
	 * Every meter of one (bind, service) pair. Decision series depend on what happens (an
	 * outcome) and are built on first use; rejection and backend series are built at
	 * registration too, so that they exist at zero.
	 */
	private static final class ServiceMeters {

		private final MeterRegistry registry;

		private final String bind;

		private final String service;

		final AtomicInteger active = new AtomicInteger();

		final Counter ended;

		final Counter bytesFromClient;

		final Counter bytesToClient;

		private final AtomicReferenceArray<Counter> decisions = new AtomicReferenceArray<>(Outcome.values().length);

		private final AtomicReferenceArray<Timer> decisionTimes = new AtomicReferenceArray<>(Outcome.values().length);

		private final AtomicReferenceArray<Counter> rejections = new AtomicReferenceArray<>(Rejection.values().length);

		/** [0] connected, [1] failed. */
		private final AtomicReferenceArray<Timer> backendConnects = new AtomicReferenceArray<>(2);

		ServiceMeters(MeterRegistry registry, String bind, String service) {
			this.registry = registry;
			this.bind = bind;
			this.service = service;
			Gauge.builder(ACTIVE, this.active, AtomicInteger::get)
				.description("Connections decided for this service and not ended yet")
				.tags("bind", bind, "service", service)
				.register(registry);
			this.ended = Counter.builder(ENDED)
				.description("Client connections ended")
				.tags("bind", bind, "service", service)
				.register(registry);
			this.bytesFromClient = bytes("from_client");
			this.bytesToClient = bytes("to_client");
		}

		Counter decisions(Outcome outcome) {
			Counter counter = this.decisions.get(outcome.ordinal());
			return (counter != null) ? counter : lazy(this.decisions, outcome.ordinal(), () -> Counter.builder(DECISIONS)
				.description("Routing decisions, by how they were reached")
				.tags("bind", this.bind, "service", this.service, "outcome", outcome.label())
				.register(this.registry));
		}

		Timer decisionTime(Outcome outcome) {
			Timer timer = this.decisionTimes.get(outcome.ordinal());
			return (timer != null) ? timer : lazy(this.decisionTimes, outcome.ordinal(), () -> Timer.builder(DECISION_TIME)
				.description("Time from accept to routing decision")
				.tags("bind", this.bind, "service", this.service, "outcome", outcome.label())
				.serviceLevelObjectives(DECISION_BUCKETS)
				.register(this.registry));
		}

		Counter rejected(Rejection reason) {
			Counter counter = this.rejections.get(reason.ordinal());
			return (counter != null) ? counter : lazy(this.rejections, reason.ordinal(), () -> Counter.builder(REJECTED)
				.description("Connections turned away or closed because they could not be served")
				.tags("bind", this.bind, "service", this.service, "reason", reason.tag())
				.register(this.registry));
		}

		Timer backendConnect(boolean connected) {
			Timer timer = this.backendConnects.get(connected ? 0 : 1);
			if (timer != null) {
				return timer;
			}
			String result = connected ? "connected" : "failed";
			return lazy(this.backendConnects, connected ? 0 : 1, () -> Timer.builder(BACKEND_CONNECT_TIME)
				.description("Time to open the backend connection of a connect service")
				.tags("bind", this.bind, "service", this.service, "result", result)
				.serviceLevelObjectives(CONNECT_BUCKETS)
				.register(this.registry));
		}

		long decided() {
			return (long) sum(this.decisions);
		}

		long rejected() {
			return (long) sum(this.rejections);
		}

		private static double sum(AtomicReferenceArray<Counter> counters) {
			double total = 0;
			for (int i = 0; i < counters.length(); i++) {
				Counter counter = counters.get(i);
				total += (counter != null) ? counter.count() : 0;
			}
			return total;
		}

		/**
		 * The slow path, once per meter: callers read the array first, so the usual event
		 * allocates nothing (not even the supplier). The registry returns the meter it
		 * already has for the same id, so a race builds nothing twice.
		 */
		private static <M> M lazy(AtomicReferenceArray<M> meters, int index, Supplier<M> build) {
			M meter = build.get();
			meters.set(index, meter);
			return meter;
		}

		private Counter bytes(String direction) {
			return Counter.builder(BYTES)
				.description("Bytes relayed, counted when a connection ends")
				.baseUnit("bytes")
				.tags("bind", this.bind, "service", this.service, "direction", direction)
				.register(this.registry);
		}
	}
}
