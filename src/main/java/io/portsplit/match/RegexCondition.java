package io.portsplit.match;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@code regex = RE}: the client's first bytes, one byte one character (ISO-8859-1),
 * match RE from their first byte on, as {@link Matcher#lookingAt()} does. Java's regex
 * syntax, taken as written.
 * <p>
 * The three verdicts stay exact because the JDK's matcher says what more input could do:
 * a match that {@link Matcher#requireEnd() requires the end} could still be undone by the
 * next byte, and a failure that {@link Matcher#hitEnd() hit the end} could still become a
 * match. Once {@value #MAX_BYTES} bytes are in, or the client has ended its side, neither
 * can happen: it matched or it did not. One construct does not set {@code requireEnd}
 * although a next byte undoes its match: {@code \z}, the absolute end of input. A regex
 * that uses it holds any match that {@link Matcher#hitEnd() touched the end} as still
 * possible.
 * <p>
 * A backtracking engine can take exponential time on hostile input (nested quantifiers),
 * and these tests run on threads shared by many clients. Each test is therefore given a
 * budget of {@value #WORK_BUDGET} character reads (a few milliseconds at most); one that
 * runs out counts as not matching, for that client, and is logged once per condition.
 * java.util.regex rather than a linear-time engine, because the configuration speaks Java's
 * regex syntax and the verdicts need {@code hitEnd}/{@code requireEnd}, which linear-time
 * engines for the JVM do not offer.
 */
public final class RegexCondition implements Condition {

	/** The most bytes a regex sees. */
	public static final int MAX_BYTES = 1024;

	/** Character reads one test may make before it gives up. */
	static final int WORK_BUDGET = 200_000;

	private static final Log logger = LogFactory.getLog(RegexCondition.class);

	private final Pattern pattern;

	private final String text;

	private final int line;

	private final AtomicBoolean exhaustionLogged = new AtomicBoolean();

	/** Whether it uses {@code \z}, whose match the JDK does not report as requiring the end. */
	private final boolean absoluteEnd;

	private RegexCondition(Pattern pattern, String text, int line) {
		this.pattern = pattern;
		this.text = text;
		this.line = line;
		this.absoluteEnd = usesAbsoluteEnd(text);
	}

	/** {@code \z} outside a {@code \Q...\E} quote, and not a literal backslash before a {@code z}. */
	static boolean usesAbsoluteEnd(String regex) {
		boolean quoted = false;
		for (int i = 0; i + 1 < regex.length(); i++) {
			if (regex.charAt(i) != '\\') {
				continue;
			}
			char next = regex.charAt(i + 1);
			if (quoted) {
				quoted = next != 'E';
			}
			else if (next == 'Q') {
				quoted = true;
			}
			else if (next == 'z') {
				return true;
			}
			i++;
		}
		return false;
	}

	/**
	 * @param text the regex as written in the file
	 * @throws IllegalArgumentException with a message for the operator if it is not a valid regex
	 */
	public static RegexCondition parse(String text, int line) {
		try {
			return new RegexCondition(Pattern.compile(text), text, line);
		}
		catch (PatternSyntaxException ex) {
			String at = (ex.getIndex() >= 0) ? " at index " + ex.getIndex() : "";
			throw new IllegalArgumentException("bad regex '" + text + "': " + ex.getDescription() + at, ex);
		}
	}

	@Override
	public Kind kind() {
		return Kind.FIRST_BYTES;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		int n = Math.min(bytes.length(), MAX_BYTES);
		boolean complete = bytes.ended() || bytes.length() >= MAX_BYTES;
		Matcher matcher = this.pattern.matcher(new Latin1Chars(bytes.data(), n));
		boolean found;
		try {
			found = matcher.lookingAt();
		}
		catch (Latin1Chars.BudgetExhausted ex) {
			if (this.exhaustionLogged.compareAndSet(false, true)) {
				logger.warn("regex '" + this.text + "' (line " + this.line + ") gave up after " + WORK_BUDGET
						+ " steps on one client's bytes; it counts as not matching for such clients");
			}
			return Verdict.IMPOSSIBLE;
		}
		if (found) {
			boolean endCouldUndoIt = matcher.requireEnd() || (this.absoluteEnd && matcher.hitEnd());
			return (complete || !endCouldUndoIt) ? Verdict.MATCH : Verdict.POSSIBLE;
		}
		return (complete || !matcher.hitEnd()) ? Verdict.IMPOSSIBLE : Verdict.POSSIBLE;
	}

	@Override
	public int maxBytes() {
		return MAX_BYTES;
	}

	@Override
	public String option() {
		return "regex";
	}

	@Override
	public String value() {
		return this.text;
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return "regex '" + this.text + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return switch (verdict) {
			case MATCH -> "MATCHES";
			case POSSIBLE -> "still possible (more bytes could decide it)";
			case IMPOSSIBLE -> "ruled out";
		};
	}

	@Override
	public String toString() {
		return option() + " = " + this.text;
	}

	/**
	 * The bytes as characters, one per byte, counting every read: the regex engine reads its
	 * input only through {@link #charAt}, so the count bounds its work.
	 */
	private static final class Latin1Chars implements CharSequence {

		private final byte[] data;

		private final int offset;

		private final int length;

		private final int[] reads;

		Latin1Chars(byte[] data, int length) {
			this(data, 0, length, new int[1]);
		}

		private Latin1Chars(byte[] data, int offset, int length, int[] reads) {
			this.data = data;
			this.offset = offset;
			this.length = length;
			this.reads = reads;
		}

		@Override
		public int length() {
			return this.length;
		}

		@Override
		public char charAt(int index) {
			if (++this.reads[0] > WORK_BUDGET) {
				throw BudgetExhausted.INSTANCE;
			}
			if (index < 0 || index >= this.length) {
				throw new IndexOutOfBoundsException(index);
			}
			return (char) (this.data[this.offset + index] & 0xFF);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			if (start < 0 || end > this.length || start > end) {
				throw new IndexOutOfBoundsException(start);
			}
			return new Latin1Chars(this.data, this.offset + start, end - start, this.reads);
		}

		@Override
		public String toString() {
			char[] chars = new char[this.length];
			for (int i = 0; i < this.length; i++) {
				chars[i] = (char) (this.data[this.offset + i] & 0xFF);
			}
			return new String(chars);
		}

		/** Thrown through the regex engine when the budget is spent; no stack trace, one instance. */
		static final class BudgetExhausted extends RuntimeException {

			static final BudgetExhausted INSTANCE = new BudgetExhausted();

			private BudgetExhausted() {
				super("regex work budget exhausted", null, false, false);
			}
		}
	}
}
