package io.portsplit.match;

/**
 * An XMPP client's stream header (RFC 6120 §4.2 and §4.7): an optional XML declaration
 * ({@code <?xml}, whitespace, anything but angle brackets, {@code ?>}), optional whitespace,
 * then the stream's start tag {@code <stream:stream} and whitespace, whose attributes contain
 * {@code jabber:client} (the content namespace of a client stream) before the tag ends with an
 * unquoted {@code >}. All within the first {@link #MAX_BYTES} bytes: headers are a few hundred
 * bytes, and the bound makes the rule settle. Server-to-server streams ({@code jabber:server})
 * are not recognised.
 */
final class XmppRecogniser {

	static final int MAX_BYTES = 1_024;

	private static final String DECLARATION = "<?xml";

	private static final String START_TAG = "<stream:stream";

	private static final String NAMESPACE = "jabber:client";

	/** The shortest way from the start tag's name to a match: whitespace, then the namespace. */
	private static final int AFTER_TAG_NAME = 1 + NAMESPACE.length();

	private enum State {
		/** Reading {@code <?xml} or {@code <stream:stream} ({@code matched} characters so far, both start with '<'). */
		OPENING,
		/** After {@code <?xml}: whitespace must follow. */
		DECLARATION_SPACE,
		/** Inside the declaration, up to {@code ?>}. */
		DECLARATION,
		/** After the declaration: whitespace, then {@code <stream:stream}. */
		BETWEEN,
		/** After {@code <stream:stream}: whitespace must follow. */
		TAG_SPACE,
		/** Inside the start tag, looking for the namespace. */
		TAG
	}

	private XmppRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		int n = Math.min(length, MAX_BYTES);
		State state = State.OPENING;
		String literal = null;
		int matched = 0;
		boolean question = false;
		int quote = 0;
		for (int i = 0; i < n; i++) {
			int b = data[i];
			switch (state) {
				case OPENING -> {
					if (literal == null && matched == 1) {
						literal = (b == '?') ? DECLARATION : START_TAG;
					}
					String expected = (literal == null) ? START_TAG : literal;
					if (b != expected.charAt(matched)) {
						return Verdict.IMPOSSIBLE;
					}
					matched++;
					if (matched == expected.length()) {
						state = (literal == DECLARATION) ? State.DECLARATION_SPACE : State.TAG_SPACE;
					}
				}
				case DECLARATION_SPACE -> {
					if (!whitespace(b)) {
						return Verdict.IMPOSSIBLE;
					}
					state = State.DECLARATION;
				}
				case DECLARATION -> {
					if (b == '>' && question) {
						state = State.BETWEEN;
					}
					else if (b == '<' || b == '>') {
						return Verdict.IMPOSSIBLE;
					}
					question = b == '?';
				}
				case BETWEEN -> {
					if (b == '<') {
						state = State.OPENING;
						literal = START_TAG;
						matched = 1;
					}
					else if (!whitespace(b)) {
						return Verdict.IMPOSSIBLE;
					}
				}
				case TAG_SPACE -> {
					if (!whitespace(b)) {
						return Verdict.IMPOSSIBLE;
					}
					state = State.TAG;
					matched = 0;
				}
				case TAG -> {
					if (quote == 0 && b == '>' || b == '<') {
						return Verdict.IMPOSSIBLE;
					}
					if (b == '\'' || b == '"') {
						quote = (quote == 0) ? b : (quote == b) ? 0 : quote;
					}
					// No proper prefix of the namespace is also its suffix: on a mismatch only 'j' restarts it.
					matched = (b == NAMESPACE.charAt(matched)) ? matched + 1 : (b == 'j') ? 1 : 0;
					if (matched == NAMESPACE.length()) {
						return Verdict.MATCH;
					}
				}
			}
		}
		int fewestMore = switch (state) {
			case OPENING -> (literal == DECLARATION)
					? DECLARATION.length() - matched + 1 + 2 + START_TAG.length() + AFTER_TAG_NAME
					: START_TAG.length() - matched + AFTER_TAG_NAME;
			case DECLARATION_SPACE -> 1 + 2 + START_TAG.length() + AFTER_TAG_NAME;
			case DECLARATION -> (question ? 1 : 2) + START_TAG.length() + AFTER_TAG_NAME;
			case BETWEEN -> START_TAG.length() + AFTER_TAG_NAME;
			case TAG_SPACE -> AFTER_TAG_NAME;
			case TAG -> NAMESPACE.length() - matched;
		};
		return (n + fewestMore <= MAX_BYTES) ? Verdict.POSSIBLE : Verdict.IMPOSSIBLE;
	}

	private static boolean whitespace(int b) {
		return b == ' ' || b == '\t' || b == '\r' || b == '\n';
	}
}
