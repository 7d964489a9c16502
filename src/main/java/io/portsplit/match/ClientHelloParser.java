package io.portsplit.match;

import java.util.Objects;

/**
 * Reads the TLS ClientHello at the very start of a TCP stream from its bytes as they arrive,
 * without a socket: the connection feeds each read, the matcher asks {@link #status()}.
 * <p>
 * The bytes are TLS records (RFC 8446 §5.1): each a 5-byte header (content type 22,
 * handshake; version 3.0 to 3.4; a length of 1 to 2^14) and its fragment of the handshake
 * message, which may span several records. Each byte is read once, in order, so the status
 * and the result do not depend on how the stream was split into reads. Nothing is buffered
 * but a record header's fields and what {@link ClientHelloReader} keeps for the result.
 * <p>
 * The ClientHello is read only if it is complete within the first {@link #MAX_STREAM_BYTES}
 * bytes of the stream, record headers included: the bytes a router may hold before it must
 * decide. A handshake length that cannot fit, even in records of the greatest size, makes the
 * parse invalid as soon as it is read; a stream that reaches the bound unfinished, at the
 * bound. Bytes after the ClientHello (in its last record or later) are not read.
 */
final class ClientHelloParser {

	/** The most bytes of the stream a ClientHello may take, record headers included. */
	static final int MAX_STREAM_BYTES = 16_384;

	/** A plaintext record carries at most 2^14 bytes (RFC 8446 §5.1). */
	static final int MAX_RECORD_LENGTH = 16_384;

	private static final int RECORD_HEADER_LENGTH = 5;

	private static final int CONTENT_TYPE_HANDSHAKE = 22;

	private final ClientHelloReader message = new ClientHelloReader();

	private ParseStatus status = ParseStatus.INCOMPLETE;

	private int streamPosition;

	/** Bytes of the current record header read (0 to 4): a header is being read while no payload remains. */
	private int headerPosition;

	private int recordLength;

	private int recordRemaining;

	private boolean lengthChecked;

	/**
	 * Reads {@code data[from..to)}, the bytes that follow everything fed before. Reads no byte
	 * outside that range and keeps no reference to the array. Ignored once the status is final.
	 */
	void feed(byte[] data, int from, int to) {
		Objects.checkFromToIndex(from, to, data.length);
		if (this.status != ParseStatus.INCOMPLETE) {
			return;
		}
		int end = from + Math.min(to - from, MAX_STREAM_BYTES - this.streamPosition);
		int i = from;
		while (i < end && this.status == ParseStatus.INCOMPLETE) {
			if (this.recordRemaining == 0) {
				headerByte(data[i++] & 0xFF);
				this.streamPosition++;
			}
			else {
				int next = this.message.take(data, i, Math.min(end, i + this.recordRemaining));
				this.streamPosition += next - i;
				this.recordRemaining -= next - i;
				i = next;
				afterMessageBytes();
			}
		}
		if (this.status == ParseStatus.INCOMPLETE && this.streamPosition == MAX_STREAM_BYTES) {
			this.status = ParseStatus.INVALID;
		}
	}

	/** The client sends nothing more: a ClientHello not yet complete never will be. */
	void end() {
		if (this.status == ParseStatus.INCOMPLETE) {
			this.status = ParseStatus.INVALID;
		}
	}

	ParseStatus status() {
		return this.status;
	}

	/** The ClientHello read; only when {@link #status()} is {@link ParseStatus#COMPLETE}. */
	ClientHello result() {
		if (this.status != ParseStatus.COMPLETE) {
			throw new IllegalStateException("no complete ClientHello: " + this.status);
		}
		return this.message.result();
	}

	/** Each header byte is checked as it comes, so that a stream that is not TLS is refused at once. */
	private void headerByte(int b) {
		switch (this.headerPosition) {
			case 0 -> valid(b == CONTENT_TYPE_HANDSHAKE);
			case 1 -> valid(b == 3);
			case 2 -> valid(b <= 4);
			case 3 -> {
				this.recordLength = b << 8;
				valid(this.recordLength <= MAX_RECORD_LENGTH);
			}
			default -> {
				this.recordLength |= b;
				valid(this.recordLength >= 1 && this.recordLength <= MAX_RECORD_LENGTH);
				this.recordRemaining = this.recordLength;
				this.headerPosition = 0;
				return;
			}
		}
		this.headerPosition++;
	}

	private void afterMessageBytes() {
		ParseStatus messageStatus = this.message.status();
		if (messageStatus == ParseStatus.INVALID) {
			this.status = ParseStatus.INVALID;
			return;
		}
		if (!this.lengthChecked && this.message.lengthKnown()) {
			this.lengthChecked = true;
			if (fewestStreamBytes() > MAX_STREAM_BYTES) {
				this.status = ParseStatus.INVALID;
				return;
			}
		}
		if (messageStatus == ParseStatus.COMPLETE) {
			this.status = ParseStatus.COMPLETE;
		}
	}

	/**
	 * The stream length at which the message could end at the earliest: what is read, what is
	 * left of it, and a header for each further record, were they all of the greatest size.
	 */
	private long fewestStreamBytes() {
		long left = this.message.remaining();
		long beyondRecord = Math.max(0, left - this.recordRemaining);
		long moreRecords = (beyondRecord + MAX_RECORD_LENGTH - 1) / MAX_RECORD_LENGTH;
		return this.streamPosition + left + moreRecords * RECORD_HEADER_LENGTH;
	}

	private void valid(boolean condition) {
		if (!condition) {
			this.status = ParseStatus.INVALID;
		}
	}
}
