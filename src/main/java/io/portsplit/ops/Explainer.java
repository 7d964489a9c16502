package io.portsplit.ops;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.Condition;
import io.portsplit.match.FirstBytes;
import io.portsplit.match.ProtocolView;
import io.portsplit.match.ServiceMatcher;
import io.portsplit.match.StringCondition;
import io.portsplit.match.Verdict;
import io.portsplit.route.Decision;
import io.portsplit.route.Outcome;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.Trigger;

/**
 * Answers "where would these bytes go, and why?" for {@code --check FILE --explain HEX}
 * and {@code /actuator/portsplit/explain}.
 * <p>
 * The decision comes from {@link RoutingTable#decide}, the very method the daemon calls
 * after each read, and the per-condition lines from each {@link Condition}'s own test,
 * the one its {@link ServiceMatcher} makes: the explanation cannot drift from what a live
 * client gets.
 */
public final class Explainer {

	/** What the largest condition reads (a whole ClientHello); keeps an HTTP caller from asking us to echo megabytes. */
	public static final int MAX_BYTES = 16 * 1024;

	/** Bytes written out on the {@code bytes:} line; a whole ClientHello would not be read there anyway. */
	private static final int SHOWN_BYTES = 64;

	private static final Pattern SEPARATORS = Pattern.compile("[\\s:]+");

	private static final String HEX_FORMS = "write the bytes as pairs of hex digits, e.g. 474554, 47 45 54 or 47:45:54";

	private Explainer() {
	}

	/**
	 * The bytes that {@code hex} stands for: {@code 474554}, {@code 47 45 54} or
	 * {@code 47:45:54}. Blank means no bytes at all (a client that says nothing).
	 * @throws IllegalArgumentException with a message fit for an operator
	 */
	public static byte[] parseHex(String hex) {
		String trimmed = hex.strip();
		if (trimmed.isEmpty()) {
			return new byte[0];
		}
		StringBuilder digits = new StringBuilder(trimmed.length());
		for (String group : SEPARATORS.split(trimmed)) {
			if (group.length() % 2 != 0) {
				throw new IllegalArgumentException("invalid hex '" + hex + "': '" + group
						+ "' is an odd number of digits; " + HEX_FORMS);
			}
			for (int i = 0; i < group.length(); i++) {
				if (Character.digit(group.charAt(i), 16) < 0 || group.charAt(i) > 0x7F) {
					throw new IllegalArgumentException("invalid hex '" + hex + "': '" + group.charAt(i)
							+ "' is not a hex digit; " + HEX_FORMS);
				}
			}
			digits.append(group);
		}
		if (digits.length() / 2 > MAX_BYTES) {
			throw new IllegalArgumentException("too many bytes to explain: " + digits.length() / 2 + " (at most "
					+ MAX_BYTES + ")");
		}
		return HexFormat.of().parseHex(digits);
	}

	/** The explanation as lines of text, for a terminal or a {@code text/plain} answer. */
	public static List<String> explain(PortsplitConfig config, byte[] data) {
		return explain(new RoutingTable(config), data);
	}

	public static List<String> explain(RoutingTable table, byte[] data) {
		List<String> lines = new ArrayList<>();
		lines.add("bytes: " + describeBytes(data));
		lines.addAll(ProtocolView.describe(data));
		// What the daemon does when all of these bytes arrive in one read.
		Decision decision = table.decide(table.matcher().firstBytes(data), Trigger.DATA).orElse(null);
		ServiceMatcher matcher = table.matcher();
		FirstBytes bytes = matcher.firstBytes(data);
		List<ServiceSpec> services = table.services();
		for (int s = 0; s < services.size(); s++) {
			ServiceSpec service = services.get(s);
			// Once an alternative of a kind holds, the rest of that kind cannot change anything: not listed.
			Set<Condition.Kind> held = EnumSet.noneOf(Condition.Kind.class);
			for (Condition condition : service.conditions()) {
				if (held.contains(condition.kind())) {
					continue;
				}
				Verdict verdict = condition.test(bytes);
				lines.add(describeCondition(service, condition) + ": " + condition.explain(bytes, verdict));
				if (verdict == Verdict.MATCH) {
					held.add(condition.kind());
				}
			}
			if (matcher.verdict(s, bytes) == Verdict.MATCH) {
				break;
			}
		}
		lines.add("decision: " + describe(decision, table));
		earlierDecision(table, data, decision).ifPresent(lines::add);
		return lines;
	}

	/**
	 * A decision is taken as soon as one is possible, so bytes that arrive in pieces may be
	 * decided on a prefix, and a prefix can decide differently (an earlier service's longer
	 * pattern is still possible while a later short one matches).
	 */
	private static Optional<String> earlierDecision(RoutingTable table, byte[] data, Decision whole) {
		// One byte per read, as the slowest client sends them: each prefix is asked once, in order.
		FirstBytes prefix = table.matcher().firstBytes();
		for (int length = 1; length < data.length; length++) {
			prefix.room(1).put(data[length - 1]);
			prefix.added(1);
			Optional<Decision> early = table.decide(prefix, Trigger.DATA);
			if (early.isPresent()) {
				if (whole != null && early.get().equals(whole)) {
					return Optional.empty();
				}
				return Optional.of("note: if only the first " + length + " byte(s) arrive in the first read, the decision is "
						+ "taken then: " + describe(early.get(), table));
			}
		}
		return Optional.empty();
	}

	private static String describe(Decision decision, RoutingTable table) {
		PortsplitConfig config = table.config();
		if (decision == null) {
			String wait = config.timeout().isZero() ? "would wait for more bytes (timeout = 0: for ever)"
					: "would wait for more bytes, then timeout after " + config.timeout().toSeconds() + " s";
			return "still possible: " + wait + " -> "
					+ config.timeoutService().map(Explainer::describeService).orElse("close (no [timeout] service)");
		}
		if (decision.outcome() == Outcome.MATCH) {
			ServiceSpec service = decision.service().orElseThrow();
			return "service [" + service.name() + "], "
					+ decision.matched()
						.stream()
						.map(condition -> condition.describe() + " (line " + condition.line() + ")")
						.collect(Collectors.joining(" + "))
					+ " -> " + service.action();
		}
		if (decision.outcome() == Outcome.FALLBACK) {
			return "fallback: no pattern can match these bytes -> "
					+ decision.service().map(Explainer::describeService).orElse("close (no [fallback] service)");
		}
		// TIMEOUT and EOF need a trigger other than data; listed for completeness.
		return decision.outcome().label() + " -> " + decision.service().map(Explainer::describeService).orElse("close");
	}

	private static String describeService(ServiceSpec service) {
		return "service [" + service.name() + "] (line " + service.line() + ") -> " + service.action();
	}

	/** {@code [ssh] 'SSH-' (line 9)} for a pattern; other options are named: {@code [web] sni 'a.example' (line 9)}. */
	private static String describeCondition(ServiceSpec service, Condition condition) {
		String option = (condition instanceof StringCondition) ? "" : condition.option() + " ";
		return "[" + service.name() + "] " + option + "'" + condition.value() + "' (line " + condition.line() + ")";
	}

	/** {@code 47 45 54 20 ("GET ")}: hex, then the bytes as text with the file's escapes inside the quotes. */
	static String describeBytes(byte[] data) {
		if (data.length == 0) {
			return "(none)";
		}
		StringBuilder text = new StringBuilder();
		StringBuilder quoted = new StringBuilder();
		int shown = Math.min(data.length, SHOWN_BYTES);
		for (int i = 0; i < shown; i++) {
			byte value = data[i];
			int b = value & 0xFF;
			if (text.length() > 0) {
				text.append(' ');
			}
			text.append(String.format("%02X", b));
			if (b == '\\') {
				quoted.append("\\\\");
			}
			else if (b >= 0x20 && b <= 0x7E) {
				quoted.append((char) b);
			}
			else {
				quoted.append(String.format("\\%02X", b));
			}
		}
		String more = (shown < data.length) ? " ... (" + data.length + " bytes in all)" : "";
		return text + " (\"" + quoted + "\")" + more;
	}
}
