package io.portsplit.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that decides whether a client connection may stay: each accepted
 * connection is given a {@link Permit}, admitted or refused with the {@link Refusal} that
 * says which rule turned it away. An admitted permit holds what it counts against (the
 * global {@code maxconn}, its source's share, its service's slot) until it is released,
 * once, when the connection ends.
 * <p>
 * A connection from a trusted load balancer ({@code accept-proxy}) is admitted against
 * {@code maxconn} only, and waits for its PROXY header: the client it names is then
 * checked against the access list and the per-source limits, as any other client is at
 * accept ({@link Permit#identify}).
 */
public final class Admission {

	private final AtomicInteger open = new AtomicInteger();

	private final ServiceSlots services = new ServiceSlots();

	private volatile Rules rules;

	/** @param maxconn most client connections open at once, over all binds; nothing else limited */
	public Admission(int maxconn) {
		this(maxconn, AccessList.permitAll(), List.of(), 0, 0);
	}

	/**
	 * @param maxconn most client connections open at once, over all binds
	 * @param access who may connect at all
	 * @param trustedProxies sources whose connections start with a PROXY header naming the client
	 * @param maxconnPerSource most connections open at once per source, 0 for no limit
	 * @param ratePerSource most new connections per second per source, 0 for no limit
	 */
	public Admission(int maxconn, AccessList access, List<AddressRange> trustedProxies, int maxconnPerSource,
			int ratePerSource) {
		this.rules = new Rules(maxconn, access, List.copyOf(trustedProxies),
				limiter(maxconnPerSource, ratePerSource, maxconn), maxconnPerSource, ratePerSource);
	}

	/**
	 * The rules of a reloaded configuration, for the connections accepted from now on. The
	 * per-source state is kept when those limits are unchanged; otherwise it starts afresh,
	 * and connections admitted before give their share back to the state that counted them.
	 */
	public synchronized void apply(int maxconn, AccessList access, List<AddressRange> trustedProxies,
			int maxconnPerSource, int ratePerSource) {
		Rules current = this.rules;
		PerSourceLimiter limiter = (current.maxconnPerSource == maxconnPerSource && current.ratePerSource == ratePerSource)
				? current.limiter : limiter(maxconnPerSource, ratePerSource, maxconn);
		this.rules = new Rules(maxconn, access, List.copyOf(trustedProxies), limiter, maxconnPerSource, ratePerSource);
	}

	/**
	 * Sources with open connections are never forgotten, and there are at most {@code maxconn}
	 * of them: the limiter tracks at least that many, so it never has to refuse a new source
	 * for want of room.
	 */
	private static PerSourceLimiter limiter(int maxconnPerSource, int ratePerSource, int maxconn) {
		return (maxconnPerSource == 0 && ratePerSource == 0) ? null
				: new PerSourceLimiter(maxconnPerSource, ratePerSource,
						Math.max(PerSourceLimiter.DEFAULT_MAX_SOURCES, maxconn), System::nanoTime);
	}

	public int maxconn() {
		return this.rules.maxconn;
	}

	/** Client connections admitted and not yet released. */
	public int open() {
		return this.open.get();
	}

	/** Connections routed to {@code service} and open now, as counted for its own {@code maxconn}. */
	public int openIn(String service) {
		return this.services.open(service);
	}

	/**
	 * Sources tracked for the per-source limits; 0 without them. The idle ones are dropped
	 * first: the limiter only drops them a few at a time as new clients arrive, so after a
	 * flood from many sources the reading (a gauge) would otherwise stay at the flood's size
	 * for as long as no one connects.
	 */
	public int trackedSources() {
		PerSourceLimiter limiter = this.rules.limiter;
		if (limiter == null) {
			return 0;
		}
		limiter.reclaimIdle();
		return limiter.size();
	}

	/** Asked once per accepted connection, before anything is read from it. */
	public Permit admit(InetSocketAddress peer) {
		Rules rules = this.rules;
		while (true) {
			int current = this.open.get();
			if (current >= rules.maxconn) {
				return new Permit(this, rules, Refusal.MAXCONN, false);
			}
			if (this.open.compareAndSet(current, current + 1)) {
				break;
			}
		}
		if (rules.trusts(peer.getAddress())) {
			return new Permit(this, rules, null, true);
		}
		Permit permit = new Permit(this, rules, null, false);
		Refusal refusal = permit.identify(peer.getAddress());
		if (refusal == null) {
			return permit;
		}
		permit.release();
		return new Permit(this, rules, refusal, false);
	}

	/** Why a connection was turned away; {@link #tag()} is the {@code reason} of the rejection metric. */
	public enum Refusal {

		/** {@code maxconn} connections were open. */
		MAXCONN("maxconn", "maxconn reached"),

		/** The global {@code allow}/{@code deny} refuses the client. */
		ACL("acl", "refused by allow/deny"),

		/** The client's source has {@code maxconn-per-source} connections open. */
		SOURCE_LIMIT("source_limit", "maxconn-per-source reached"),

		/** The client's source opened {@code rate-per-source} connections in the last second. */
		RATE("rate", "rate-per-source exceeded"),

		/** The service chosen has its own {@code maxconn} connections open. */
		SERVICE_LIMIT("service_limit", "the service's maxconn reached"),

		/** A connection from an {@code accept-proxy} source did not start with a valid PROXY header in time. */
		PROXY_HEADER("proxy_header", "no valid PROXY header");

		private final String tag;

		private final String text;

		Refusal(String tag, String text) {
			this.tag = tag;
			this.text = text;
		}

		public String tag() {
			return this.tag;
		}

		/** For the log line: {@code maxconn reached}. */
		public String text() {
			return this.text;
		}
	}

	/** One connection's admission: refused, or admitted until {@link #release()}. */
	public static final class Permit {

		private final Admission admission;

		private final Rules rules;

		private final Refusal refusal;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile boolean awaitingIdentity;

		/** The source counted by the per-source limiter, to give back at release; null if none. */
		private volatile SourceKey countedSource;

		/** The service whose slot this connection holds; null if none. */
		private volatile String service;

		Permit(Admission admission, Rules rules, Refusal refusal, boolean awaitingIdentity) {
			this.admission = admission;
			this.rules = rules;
			this.refusal = refusal;
			this.awaitingIdentity = awaitingIdentity;
		}

		public boolean admitted() {
			return this.refusal == null;
		}

		/** Null when admitted. */
		public Refusal refusal() {
			return this.refusal;
		}

		/** Whether the client is still to be named by a PROXY header (the connection comes from a trusted proxy). */
		public boolean awaitingIdentity() {
			return this.awaitingIdentity;
		}

		/**
		 * Checks the client against the access list and the per-source limits, counting it
		 * where it passes. At accept for a direct client; once its PROXY header is read for a
		 * client behind a trusted proxy.
		 * @return null if the client may stay, else why not (the permit is to be released)
		 */
		public Refusal identify(InetAddress client) {
			this.awaitingIdentity = false;
			if (!this.rules.access.permits(client)) {
				return Refusal.ACL;
			}
			PerSourceLimiter limiter = this.rules.limiter;
			if (limiter == null) {
				return null;
			}
			SourceKey key = SourceKey.of(client);
			return switch (limiter.admit(key)) {
				case ADMITTED -> {
					this.countedSource = key;
					yield null;
				}
				case TOO_FAST -> Refusal.RATE;
				case TOO_MANY_OPEN, TOO_MANY_SOURCES -> Refusal.SOURCE_LIMIT;
			};
		}

		/**
		 * Takes a slot of the service a connection is routed to, where it has a {@code maxconn} of its own.
		 * @return null if there was one (or no limit), else {@link Refusal#SERVICE_LIMIT}
		 */
		public Refusal claimService(String name, int maxconn) {
			if (maxconn <= 0) {
				return null;
			}
			if (!this.admission.services.tryClaim(name, maxconn)) {
				return Refusal.SERVICE_LIMIT;
			}
			this.service = Objects.requireNonNull(name);
			return null;
		}

		/** Gives back everything an admitted connection counted against; once, whoever calls it. */
		public void release() {
			if (this.refusal != null || !this.released.compareAndSet(false, true)) {
				return;
			}
			this.admission.open.decrementAndGet();
			SourceKey source = this.countedSource;
			if (source != null) {
				this.rules.limiter.close(source);
			}
			String name = this.service;
			if (name != null) {
				this.admission.services.release(name);
			}
		}
	}

	/** One generation of the rules: what a permit was judged by stays with it. */
	private static final class Rules {

		final int maxconn;

		final AccessList access;

		final List<AddressRange> trustedProxies;

		final PerSourceLimiter limiter;

		final int maxconnPerSource;

		final int ratePerSource;

		Rules(int maxconn, AccessList access, List<AddressRange> trustedProxies, PerSourceLimiter limiter,
				int maxconnPerSource, int ratePerSource) {
			this.maxconn = maxconn;
			this.access = access;
			this.trustedProxies = trustedProxies;
			this.limiter = limiter;
			this.maxconnPerSource = maxconnPerSource;
			this.ratePerSource = ratePerSource;
		}

		boolean trusts(InetAddress source) {
			for (AddressRange range : this.trustedProxies) {
				if (range.contains(source)) {
					return true;
				}
			}
			return false;
		}
	}
}
