package io.portsplit.access;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that decides whether a client connection may stay: each accepted
 * connection is given a {@link Permit}, admitted or refused with the {@link Refusal} that
 * says which rule turned it away. An admitted permit holds what it counts against until it
 * is released, once, when the connection ends.
 */
public final class Admission {

	private final AtomicInteger open = new AtomicInteger();

	private volatile int maxconn;

	/** @param maxconn most client connections open at once, over all binds */
	public Admission(int maxconn) {
		this.maxconn = maxconn;
	}

	/** A reload may change it; connections already open are kept even above a lower limit. */
	public void setMaxconn(int maxconn) {
		this.maxconn = maxconn;
	}

	public int maxconn() {
		return this.maxconn;
	}

	/** Client connections admitted and not yet released. */
	public int open() {
		return this.open.get();
	}

	/** Asked once per accepted connection, before anything is read from it. */
	public Permit admit(InetSocketAddress client) {
		while (true) {
			int current = this.open.get();
			if (current >= this.maxconn) {
				return new Permit(this, Refusal.MAXCONN);
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return new Permit(this, null);
			}
		}
	}

	/** Why a connection was turned away; {@link #tag()} is the {@code reason} of the rejection metric. */
	public enum Refusal {

		/** {@code maxconn} connections were open. */
		MAXCONN("maxconn", "maxconn reached");

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

		private final Refusal refusal;

		private final AtomicBoolean released = new AtomicBoolean();

		Permit(Admission admission, Refusal refusal) {
			this.admission = admission;
			this.refusal = refusal;
		}

		public boolean admitted() {
			return this.refusal == null;
		}

		/** Null when admitted. */
		public Refusal refusal() {
			return this.refusal;
		}

		/** Gives back what an admitted connection counted against; once, whoever calls it. */
		public void release() {
			if (this.refusal == null && this.released.compareAndSet(false, true)) {
				this.admission.open.decrementAndGet();
			}
		}
	}
}
