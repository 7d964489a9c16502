package io.portsplit.ops;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.portsplit.config.BytePattern;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;
import io.portsplit.match.PatternComparison;
import io.portsplit.route.Decision;
import io.portsplit.route.Outcome;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.Trigger;

/**
 * Answers "where would these bytes go, and why?" for {@code --check FILE --explain HEX}
 * and {@code /actuator/portsplit/explain}.
 * <p>
 * The decision comes from {@link RoutingTable#decide}, the very method the daemon calls
 * after each read, and the per-pattern lines from {@link PatternComparison#compare}, the
 * comparison its {@link io.portsplit.match.PatternMatcher} makes: the explanation cannot
 * drift from what a live client gets.
 */
public final class Explainer {

	/** More than any pattern needs; keeps an HTTP caller from asking us to echo megabytes. */
	public static final int MAX_BYTES = 4096;

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
		// What the daemon does when all of these bytes arrive in one read.
		Decision decision = table.decide(data, data.length, Trigger.DATA).orElse(null);
		int[] difference = new int[1];
		patterns: for (ServiceSpec service : table.matcher().services()) {
			for (BytePattern pattern : service.patterns()) {
				PatternComparison comparison = PatternComparison.compare(pattern, data, data.length, difference);
				lines.add(describePattern(service, pattern) + ": " + describe(comparison, pattern, data, difference[0]));
				if (comparison == PatternComparison.MATCHES) {
					break patterns;
				}
			}
		}
		lines.add("decision: " + describe(decision, table));
		earlierDecision(table, data, decision).ifPresent(lines::add);
		return lines;
	}

	/**
	 * A decision is taken as soon as one is possible (SPEC 4), so bytes that arrive in
	 * pieces may be decided on a prefix, and a prefix can decide differently (an earlier
	 * service's longer pattern is still possible while a later short one matches).
	 */
	private static Optional<String> earlierDecision(RoutingTable table, byte[] data, Decision whole) {
		for (int length = 1; length < data.length; length++) {
			Optional<Decision> early = table.decide(data, length, Trigger.DATA);
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

	private static String describe(PatternComparison comparison, BytePattern pattern, byte[] data, int difference) {
		return switch (comparison) {
			case MATCHES -> "MATCHES";
			case STILL_POSSIBLE -> "still possible (" + data.length + " of " + pattern.length() + " bytes match)";
			case RULED_OUT -> String.format("ruled out at byte %d (0x%02X != 0x%02X)", difference,
					data[difference] & 0xFF, pattern.byteAt(difference) & 0xFF);
		};
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
			BytePattern pattern = decision.pattern().orElseThrow();
			ServiceSpec service = decision.service().orElseThrow();
			return "service [" + service.name() + "], pattern '" + pattern.escaped() + "' (line " + pattern.line()
					+ ") -> " + service.action();
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

	private static String describePattern(ServiceSpec service, BytePattern pattern) {
		return "[" + service.name() + "] '" + pattern.escaped() + "' (line " + pattern.line() + ")";
	}

	/** {@code 47 45 54 20 ("GET ")}: hex, then the bytes as text with the file's escapes inside the quotes. */
	static String describeBytes(byte[] data) {
		if (data.length == 0) {
			return "(none)";
		}
		StringBuilder text = new StringBuilder();
		StringBuilder quoted = new StringBuilder();
		for (byte value : data) {
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
		return text + " (\"" + quoted + "\")";
	}
}
