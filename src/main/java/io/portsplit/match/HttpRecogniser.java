package io.portsplit.match;

/**
 * An HTTP/1.x request line, by the rules of {@link HttpHeadParser}: the recogniser runs a
 * parser of its own over the bytes, so a request line is recognised exactly when the
 * connection's head parser would read it.
 */
final class HttpRecogniser {

	static final int MAX_BYTES = HttpHeadParser.MAX_REQUEST_LINE_BYTES;

	private HttpRecogniser() {
	}

	static Verdict test(byte[] data, int length) {
		HttpHeadParser parser = new HttpHeadParser();
		parser.feed(data, 0, Math.min(length, MAX_BYTES));
		return switch (parser.requestLineStatus()) {
			case COMPLETE -> Verdict.MATCH;
			case INVALID -> Verdict.IMPOSSIBLE;
			case INCOMPLETE -> Verdict.POSSIBLE;
		};
	}
}
