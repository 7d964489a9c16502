package io.portsplit.match;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from the first bytes of a connection, which service (if any) they belong to:
 * the first service, in order, whose conditions hold. Independent of sockets: it sees only
 * {@link FirstBytes}, so a decision depends on the bytes and never on how they were split,
 * but for one exception: a service is chosen as soon as it holds, even while an earlier
 * service whose conditions are all on the first bytes could still hold with more of them
 * ({@code [a] string = GETX} before {@code [b] string = GE}: {@code GE} alone goes to b).
 * A still-possible service with a condition on a name (a ClientHello's SNI or ALPN, an HTTP
 * Host) holds every later service back until it is settled: it settles only once the whole
 * ClientHello or request head is in, which a client sends in as many segments as it likes,
 * and a later catch-all (a {@code probe = tls} after the {@code sni} services) would
 * otherwise take a ClientHello that comes in two.
 * <p>
 * A verdict that has settled ({@link Verdict#MATCH} or {@link Verdict#IMPOSSIBLE}) is kept
 * in the connection's {@link FirstBytes}, so later reads test only what can still change.
 */
public final class ServiceMatcher {

	/** {@link #evaluate}: no service matches yet, but one still could. */
	public static final int UNDECIDED = -1;

	/** {@link #evaluate}: no service can match these bytes, whatever follows. */
	public static final int NO_MATCH = -2;

	private static final Verdict[] VERDICTS = Verdict.values();

	private final List<List<Condition>> services;

	private final Condition[] conditions;

	/** Per service, per kind: the indexes into {@link #conditions} of its alternatives. */
	private final int[][][] groups;

	/** Per service: whether it holds later services back while it is still possible (it has a name condition). */
	private final boolean[] holdsLaterBack;

	private final int maxBytes;

	/** @param services each service's conditions, in the order they are tried */
	public ServiceMatcher(List<? extends List<? extends Condition>> services) {
		List<Condition> all = new ArrayList<>();
		List<List<Condition>> copy = new ArrayList<>();
		this.groups = new int[services.size()][][];
		this.holdsLaterBack = new boolean[services.size()];
		int longest = 0;
		for (int s = 0; s < services.size(); s++) {
			Map<Condition.Kind, List<Integer>> byKind = new EnumMap<>(Condition.Kind.class);
			for (Condition condition : services.get(s)) {
				byKind.computeIfAbsent(condition.kind(), kind -> new ArrayList<>()).add(all.size());
				this.holdsLaterBack[s] |= condition.kind() != Condition.Kind.FIRST_BYTES;
				all.add(condition);
				longest = Math.max(longest, condition.maxBytes());
			}
			this.groups[s] = byKind.values()
				.stream()
				.map(indexes -> indexes.stream().mapToInt(Integer::intValue).toArray())
				.toArray(int[][]::new);
			copy.add(List.copyOf(services.get(s)));
		}
		this.services = List.copyOf(copy);
		this.conditions = all.toArray(Condition[]::new);
		this.maxBytes = Math.max(1, longest);
	}

	/**
	 * The most bytes worth holding before a decision: once this many have arrived, every
	 * condition has settled, so every service has matched or been ruled out. At least 1, so
	 * that a configuration without conditions still reads one byte before its fallback.
	 */
	public int maxBytes() {
		return this.maxBytes;
	}

	/** Fresh state for one connection. */
	public FirstBytes firstBytes() {
		return new FirstBytes(this.maxBytes, this.conditions.length, this.groups.length);
	}

	/** State for {@code data} received in one read, as an operator's tool asks about it. */
	public FirstBytes firstBytes(byte[] data) {
		FirstBytes bytes = new FirstBytes(Math.max(this.maxBytes, data.length), this.conditions.length,
				this.groups.length);
		bytes.room(data.length).put(data);
		bytes.added(data.length);
		return bytes;
	}

	/** Each service's conditions, in order. */
	public List<List<Condition>> services() {
		return this.services;
	}

	/**
	 * @return the index of the first service whose conditions hold (unless an earlier service
	 * with a name condition is still possible), or {@link #UNDECIDED} if none can be chosen
	 * yet but one still could, or {@link #NO_MATCH} if none can
	 */
	public int evaluate(FirstBytes bytes) {
		boolean possible = false;
		boolean heldBack = false;
		for (int s = 0; s < this.groups.length; s++) {
			Verdict verdict = verdict(s, bytes);
			if (verdict == Verdict.MATCH && !heldBack) {
				return s;
			}
			if (verdict == Verdict.POSSIBLE) {
				possible = true;
				heldBack |= this.holdsLaterBack[s];
			}
		}
		return possible ? UNDECIDED : NO_MATCH;
	}

	/** What the bytes say of service {@code s}: one alternative of each of its kinds must hold. */
	public Verdict verdict(int s, FirstBytes bytes) {
		byte settled = bytes.settledServices[s];
		if (settled != 0) {
			return VERDICTS[settled - 1];
		}
		Verdict all = Verdict.MATCH;
		for (int[] group : this.groups[s]) {
			Verdict any = anyOf(group, bytes);
			if (any == Verdict.IMPOSSIBLE) {
				all = Verdict.IMPOSSIBLE;
				break;
			}
			if (any == Verdict.POSSIBLE) {
				all = Verdict.POSSIBLE;
			}
		}
		if (all != Verdict.POSSIBLE) {
			bytes.settledServices[s] = (byte) (all.ordinal() + 1);
		}
		return all;
	}

	/** Rules service {@code s} out for this connection, whatever its bytes (an access rule refuses the client). */
	public void exclude(int s, FirstBytes bytes) {
		bytes.settledServices[s] = (byte) (Verdict.IMPOSSIBLE.ordinal() + 1);
	}

	/** The alternative of each kind that holds, for a service {@link #evaluate} chose: what decided it. */
	public List<Condition> matched(int s, FirstBytes bytes) {
		List<Condition> matched = new ArrayList<>();
		for (int[] group : this.groups[s]) {
			for (int c : group) {
				if (test(c, bytes) == Verdict.MATCH) {
					matched.add(this.conditions[c]);
					break;
				}
			}
		}
		return matched;
	}

	private Verdict anyOf(int[] group, FirstBytes bytes) {
		Verdict any = Verdict.IMPOSSIBLE;
		for (int c : group) {
			Verdict verdict = test(c, bytes);
			if (verdict == Verdict.MATCH) {
				return Verdict.MATCH;
			}
			if (verdict == Verdict.POSSIBLE) {
				any = Verdict.POSSIBLE;
			}
		}
		return any;
	}

	private Verdict test(int c, FirstBytes bytes) {
		byte settled = bytes.settledConditions[c];
		if (settled != 0) {
			return VERDICTS[settled - 1];
		}
		Verdict verdict = this.conditions[c].test(bytes);
		if (verdict != Verdict.POSSIBLE) {
			bytes.settledConditions[c] = (byte) (verdict.ordinal() + 1);
		}
		return verdict;
	}
}
