package io.portsplit.threads;

/**
 * Which threads serve many clients at once (the accept loops, the first-bytes waiter)
 * and so must never block on one client's behalf. Work that could block (starting a
 * program, resolving a backend's name) asks {@link #isCurrent()} and moves to a
 * {@link TaskThreads} thread of its own when it is on one of these.
 */
public final class SharedThreads {

	private static final ThreadLocal<Boolean> SHARED = new ThreadLocal<>();

	private SharedThreads() {
	}

	public static boolean isCurrent() {
		return SHARED.get() != null;
	}

	/** Marks the calling thread as shared until {@link #leave()}. */
	public static void enter() {
		SHARED.set(Boolean.TRUE);
	}

	public static void leave() {
		SHARED.remove();
	}
}
