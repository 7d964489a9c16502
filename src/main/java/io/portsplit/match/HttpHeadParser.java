package io.portsplit.match;

import java.util.Objects;

/**
 * Reads the HTTP/1.x request head at the very start of a TCP stream from its bytes as they
 * arrive, without a socket (RFC 9112 §2 and §3, RFC 9110 §5): the request line
 * {@code method SP request-target SP HTTP/1.d}, then header lines {@code name: value}, then an
 * empty line. Each byte is read once, in order, so the status and the result do not depend on
 * how the stream was split into reads.
 * <p>
 * The rules, strict where a lenient reading would let a request be read two ways:
 * <ul>
 * <li>the method is 1 to 32 token characters; the request-target is visible ASCII; exactly
 * one space around the request-target; the version is {@code HTTP/1.} and one digit;</li>
 * <li>a line ends with CRLF or with a bare LF (RFC 9112 §2.2 lets a recipient accept LF
 * alone: hand-typed requests and simple clients send it); a CR not followed by LF is
 * invalid;</li>
 * <li>no empty line before the request line, no whitespace before a header name (RFC 9112
 * §2.2: that is how continuation lines (obs-fold) and smuggled headers begin), no whitespace
 * between a header name and its colon (RFC 9112 §5.1);</li>
 * <li>a header name is 1 or more token characters followed by a colon; a value is spaces,
 * tabs, visible ASCII and bytes 0x80 to 0xFF; any other control character is invalid;</li>
 * <li>at most one Host header, and its value must be {@code host [":" port]} (RFC 9110
 * §7.2).</li>
 * </ul>
 * The head is read only if it is complete, its empty line included, within the first
 * {@link #MAX_HEAD_BYTES} bytes, and the parser gives up as soon as that can no longer be:
 * so the request line, which has its own status for a recogniser that needs only it, is
 * complete only if it ends within the first {@link #MAX_REQUEST_LINE_BYTES} bytes, leaving
 * room for the empty line.
 */
final class HttpHeadParser {

	/** The most bytes the whole head may take, its final empty line included. */
	static final int MAX_HEAD_BYTES = 8_192;

	/** The most bytes the request line may take, its line end included: one less, for the empty line. */
	static final int MAX_REQUEST_LINE_BYTES = MAX_HEAD_BYTES - 1;

	private static final int MAX_METHOD_LENGTH = 32;

	private static final String VERSION_PREFIX = "HTTP/1.";

	private enum State {
		METHOD, TARGET, VERSION, REQUEST_LINE_LF, LINE_START, NAME, VALUE, VALUE_LF, EMPTY_LINE_LF
	}

	private final StringBuilder method = new StringBuilder();

	private final StringBuilder target = new StringBuilder();

	private final StringBuilder version = new StringBuilder();

	/** The current header's value, kept only when the header is Host. */
	private final StringBuilder value = new StringBuilder();

	private State state = State.METHOD;

	private ParseStatus status = ParseStatus.INCOMPLETE;

	private ParseStatus requestLineStatus = ParseStatus.INCOMPLETE;

	private int position;

	/** Characters of the current header name read, and whether they so far spell "host". */
	private int nameLength;

	private boolean nameIsHost;

	private boolean hostSeen;

	private String host;

	/**
	 * Reads {@code data[from..to)}, the bytes that follow everything fed before. Reads no byte
	 * outside that range and keeps no reference to the array. Ignored once the status is final.
	 */
	void feed(byte[] data, int from, int to) {
		Objects.checkFromToIndex(from, to, data.length);
		int end = from + Math.min(to - from, MAX_HEAD_BYTES - this.position);
		for (int i = from; i < end && this.status == ParseStatus.INCOMPLETE; i++) {
			this.position++;
			take(data[i] & 0xFF);
			if (this.status == ParseStatus.INCOMPLETE && this.position + fewestBytesToFinish() > MAX_HEAD_BYTES) {
				invalid();
			}
		}
	}

	/** The client sends nothing more: a head or request line not yet complete never will be. */
	void end() {
		if (this.status == ParseStatus.INCOMPLETE) {
			invalid();
		}
	}

	/** The whole head's status. */
	ParseStatus status() {
		return this.status;
	}

	/**
	 * The request line's status: complete as soon as its line end is read, whatever follows;
	 * invalid if it is malformed or cannot end within {@link #MAX_REQUEST_LINE_BYTES} bytes.
	 */
	ParseStatus requestLineStatus() {
		return this.requestLineStatus;
	}

	/** The head read; only when {@link #status()} is {@link ParseStatus#COMPLETE}. */
	HttpHead result() {
		if (this.status != ParseStatus.COMPLETE) {
			throw new IllegalStateException("no complete HTTP head: " + this.status);
		}
		return new HttpHead(this.method.toString(), this.target.toString(), this.version.toString(), this.host);
	}

	private void take(int b) {
		switch (this.state) {
			case METHOD -> {
				if (b == ' ' && this.method.length() > 0) {
					this.state = State.TARGET;
				}
				else if (Tokens.isTokenCharacter(b) && this.method.length() < MAX_METHOD_LENGTH) {
					this.method.append((char) b);
				}
				else {
					invalid();
				}
			}
			case TARGET -> {
				if (b == ' ' && this.target.length() > 0) {
					this.state = State.VERSION;
				}
				else if (b > 0x20 && b < 0x7F) {
					this.target.append((char) b);
				}
				else {
					invalid();
				}
			}
			case VERSION -> {
				int at = this.version.length();
				if (at < VERSION_PREFIX.length() && b == VERSION_PREFIX.charAt(at)) {
					this.version.append((char) b);
				}
				else if (at == VERSION_PREFIX.length() && b >= '0' && b <= '9') {
					this.version.append((char) b);
				}
				else if (at > VERSION_PREFIX.length() && b == '\r') {
					this.state = State.REQUEST_LINE_LF;
				}
				else if (at > VERSION_PREFIX.length() && b == '\n') {
					requestLineRead();
				}
				else {
					invalid();
				}
			}
			case REQUEST_LINE_LF -> {
				if (b == '\n') {
					requestLineRead();
				}
				else {
					invalid();
				}
			}
			case LINE_START -> {
				if (b == '\r') {
					this.state = State.EMPTY_LINE_LF;
				}
				else if (b == '\n') {
					this.status = ParseStatus.COMPLETE;
				}
				else if (Tokens.isTokenCharacter(b)) {
					this.state = State.NAME;
					this.nameLength = 1;
					this.nameIsHost = (b | 0x20) == 'h';
				}
				else {
					invalid();
				}
			}
			case NAME -> {
				if (b == ':') {
					this.nameIsHost &= this.nameLength == 4;
					this.value.setLength(0);
					this.state = State.VALUE;
				}
				else if (Tokens.isTokenCharacter(b)) {
					this.nameIsHost &= this.nameLength < 4 && (b | 0x20) == "host".charAt(this.nameLength);
					this.nameLength++;
				}
				else {
					invalid();
				}
			}
			case VALUE -> {
				if (b == '\r') {
					this.state = State.VALUE_LF;
				}
				else if (b == '\n') {
					headerLineRead();
				}
				else if (b == '\t' || (b >= 0x20 && b != 0x7F)) {
					if (this.nameIsHost) {
						this.value.append((char) b);
					}
				}
				else {
					invalid();
				}
			}
			case VALUE_LF -> {
				if (b == '\n') {
					headerLineRead();
				}
				else {
					invalid();
				}
			}
			case EMPTY_LINE_LF -> {
				if (b == '\n') {
					this.status = ParseStatus.COMPLETE;
				}
				else {
					invalid();
				}
			}
		}
	}

	/**
	 * The fewest bytes that could still finish the request line, or the head once the line is
	 * read: what lets the parser give up as soon as the bound can no longer be kept, so that a
	 * recogniser built on it says "possible" only while a match still is.
	 */
	private int fewestBytesToFinish() {
		// After the request line's LF, the head needs at least an empty line: a LF.
		int afterVersion = 1 + 1;
		int version = VERSION_PREFIX.length() + 1;
		return switch (this.state) {
			case METHOD -> ((this.method.length() == 0) ? 1 : 0) + 1 + 1 + 1 + version + afterVersion;
			case TARGET -> ((this.target.length() == 0) ? 1 : 0) + 1 + version + afterVersion;
			case VERSION -> version - this.version.length() + afterVersion;
			case REQUEST_LINE_LF -> afterVersion;
			case LINE_START, EMPTY_LINE_LF -> 1;
			// A colon if the name is not ended, then the value's LF and the empty line's LF.
			case NAME -> 3;
			case VALUE, VALUE_LF -> 2;
		};
	}

	private void requestLineRead() {
		this.requestLineStatus = ParseStatus.COMPLETE;
		this.state = State.LINE_START;
	}

	private void headerLineRead() {
		this.state = State.LINE_START;
		if (!this.nameIsHost) {
			return;
		}
		if (this.hostSeen) {
			invalid();
			return;
		}
		this.hostSeen = true;
		String hostPart = HostHeader.host(trimmed(this.value));
		if (hostPart == null) {
			invalid();
			return;
		}
		this.host = hostPart.isEmpty() ? null : hostPart;
	}

	/** The value without the optional whitespace (spaces and tabs) around it (RFC 9110 §5.5). */
	private static String trimmed(StringBuilder value) {
		int from = 0;
		int to = value.length();
		while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
			from++;
		}
		while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
			to--;
		}
		return value.substring(from, to);
	}

	private void invalid() {
		this.status = ParseStatus.INVALID;
		if (this.requestLineStatus == ParseStatus.INCOMPLETE) {
			this.requestLineStatus = ParseStatus.INVALID;
		}
	}
}
