package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one ClientHello handshake message (RFC 8446 §4 and §4.1.2) field by field as its
 * bytes arrive, wherever the records cut them. It keeps only what {@link ClientHello} needs:
 * the version fields, the host name (at most 255 bytes), the ALPN names and the set of
 * extension types seen; everything else is counted past, never stored.
 * <p>
 * Every length is checked against the vector that holds it as soon as it is read, so a
 * malformed message is refused at its first inconsistent byte:
 * <ul>
 * <li>handshake type 1 (client_hello); legacy_version 0x03XX; session id at most 32 bytes;
 * cipher suites a non-empty even number of bytes; at least one compression method;</li>
 * <li>the message may end after the compression methods (no extensions, as TLS 1.2 allows);
 * otherwise the extensions block ends exactly where the message ends;</li>
 * <li>no extension type twice (RFC 8446 §4.2); GREASE and unknown types are skipped;</li>
 * <li>server_name: exactly one entry, of type host_name, 1 to 255 bytes of visible ASCII,
 * filling the extension (the rule OpenSSL applies: RFC 6066 allows no second name of a type,
 * and no other type was ever defined);</li>
 * <li>application_layer_protocol_negotiation: a non-empty list of non-empty names filling the
 * extension (RFC 7301 §3.1);</li>
 * <li>supported_versions: a non-empty even number of bytes, at most 254, filling the
 * extension.</li>
 * </ul>
 */
final class ClientHelloReader {

	private static final int HANDSHAKE_CLIENT_HELLO = 1;

	private static final int HEADER_LENGTH = 4;

	private static final int EXTENSION_SERVER_NAME = 0;

	private static final int EXTENSION_ALPN = 16;

	private static final int EXTENSION_SUPPORTED_VERSIONS = 43;

	private static final int EXTENSION_ENCRYPTED_CLIENT_HELLO = 0xFE0D;

	private static final int SERVER_NAME_HOST_NAME = 0;

	/** A DNS name has at most 253 characters; 255 leaves room for a trailing dot and slack. */
	private static final int MAX_HOST_NAME_LENGTH = 255;

	private static final int MAX_SESSION_ID_LENGTH = 32;

	private static final int MAX_SUPPORTED_VERSIONS_LENGTH = 254;

	private enum Kind {
		/** A big-endian number of one to three bytes. */
		NUMBER,
		/** Bytes counted past. */
		SKIP,
		/** Bytes kept (at most 255: a host name or an ALPN name). */
		COLLECT
	}

	private enum Step {
		TYPE(Kind.NUMBER), LENGTH(Kind.NUMBER), VERSION(Kind.NUMBER), RANDOM(Kind.SKIP),
		SESSION_ID_LENGTH(Kind.NUMBER), SESSION_ID(Kind.SKIP),
		CIPHER_SUITES_LENGTH(Kind.NUMBER), CIPHER_SUITES(Kind.SKIP),
		COMPRESSION_LENGTH(Kind.NUMBER), COMPRESSION(Kind.SKIP),
		EXTENSIONS_LENGTH(Kind.NUMBER), EXTENSION_TYPE(Kind.NUMBER), EXTENSION_LENGTH(Kind.NUMBER),
		EXTENSION_DATA(Kind.SKIP),
		SERVER_NAME_LIST_LENGTH(Kind.NUMBER), SERVER_NAME_TYPE(Kind.NUMBER), HOST_NAME_LENGTH(Kind.NUMBER),
		HOST_NAME(Kind.COLLECT),
		ALPN_LIST_LENGTH(Kind.NUMBER), ALPN_NAME_LENGTH(Kind.NUMBER), ALPN_NAME(Kind.COLLECT),
		VERSIONS_LENGTH(Kind.NUMBER), SUPPORTED_VERSION(Kind.NUMBER);

		private final Kind kind;

		Step(Kind kind) {
			this.kind = kind;
		}
	}

	private final ExtensionTypes extensionTypes = new ExtensionTypes();

	private final byte[] collected = new byte[MAX_HOST_NAME_LENGTH];

	private final List<String> alpn = new ArrayList<>();

	private ParseStatus status = ParseStatus.INCOMPLETE;

	private Step step;

	/** Bytes the current step still wants. */
	private int need;

	/** The number a NUMBER step has read so far. */
	private int value;

	/** Bytes a COLLECT step has kept so far. */
	private int collectedLength;

	/** Bytes of the message read, its header included. */
	private int position;

	/** Where the message ends, header included; -1 until its length is read. */
	private int messageEnd = -1;

	/** Where the vector being read ends: no field may cross it. */
	private int limit = Integer.MAX_VALUE;

	private int extensionType;

	private int legacyVersion;

	private int highestVersion = -1;

	private String serverName;

	private boolean encryptedClientHello;

	ClientHelloReader() {
		enter(Step.TYPE, 1);
	}

	ParseStatus status() {
		return this.status;
	}

	/** Whether the header has given the message's length (then {@link #remaining()} is exact). */
	boolean lengthKnown() {
		return this.messageEnd >= 0;
	}

	/** Bytes of the message still to come, once its length is known. */
	int remaining() {
		return this.messageEnd - this.position;
	}

	/** Reads from {@code data[from..to)} until the message is complete or invalid; returns the index after the last byte read. */
	int take(byte[] data, int from, int to) {
		int i = from;
		while (i < to && this.status == ParseStatus.INCOMPLETE) {
			switch (this.step.kind) {
				case NUMBER -> {
					this.value = (this.value << 8) | (data[i++] & 0xFF);
					this.position++;
					this.need--;
				}
				case SKIP -> {
					int n = Math.min(this.need, to - i);
					i += n;
					this.position += n;
					this.need -= n;
				}
				case COLLECT -> {
					int n = Math.min(this.need, to - i);
					System.arraycopy(data, i, this.collected, this.collectedLength, n);
					this.collectedLength += n;
					i += n;
					this.position += n;
					this.need -= n;
				}
			}
			if (this.need == 0) {
				finish();
			}
		}
		return i;
	}

	ClientHello result() {
		if (this.status != ParseStatus.COMPLETE) {
			throw new IllegalStateException("no complete ClientHello: " + this.status);
		}
		int highest = (this.highestVersion >= 0) ? this.highestVersion : this.legacyVersion;
		return new ClientHello(this.legacyVersion, highest, this.serverName, this.alpn, this.encryptedClientHello);
	}

	/** Starts a step of {@code length} bytes, which must fit in the vector being read. */
	private void enter(Step next, int length) {
		if (length > this.limit - this.position) {
			this.status = ParseStatus.INVALID;
			return;
		}
		this.step = next;
		this.need = length;
		this.value = 0;
		this.collectedLength = 0;
		if (length == 0) {
			finish();
		}
	}

	private void finish() {
		int v = this.value;
		switch (this.step) {
			case TYPE -> {
				if (v != HANDSHAKE_CLIENT_HELLO) {
					invalid();
					return;
				}
				enter(Step.LENGTH, 3);
			}
			case LENGTH -> {
				this.messageEnd = HEADER_LENGTH + v;
				this.limit = this.messageEnd;
				enter(Step.VERSION, 2);
			}
			case VERSION -> {
				if ((v >>> 8) != 3) {
					invalid();
					return;
				}
				this.legacyVersion = v;
				enter(Step.RANDOM, 32);
			}
			case RANDOM -> enter(Step.SESSION_ID_LENGTH, 1);
			case SESSION_ID_LENGTH -> {
				if (v > MAX_SESSION_ID_LENGTH) {
					invalid();
					return;
				}
				enter(Step.SESSION_ID, v);
			}
			case SESSION_ID -> enter(Step.CIPHER_SUITES_LENGTH, 2);
			case CIPHER_SUITES_LENGTH -> {
				if (v < 2 || (v & 1) != 0) {
					invalid();
					return;
				}
				enter(Step.CIPHER_SUITES, v);
			}
			case CIPHER_SUITES -> enter(Step.COMPRESSION_LENGTH, 1);
			case COMPRESSION_LENGTH -> {
				if (v < 1) {
					invalid();
					return;
				}
				enter(Step.COMPRESSION, v);
			}
			case COMPRESSION -> {
				if (this.position == this.messageEnd) {
					this.status = ParseStatus.COMPLETE;
					return;
				}
				enter(Step.EXTENSIONS_LENGTH, 2);
			}
			case EXTENSIONS_LENGTH -> {
				if (v != this.messageEnd - this.position) {
					invalid();
					return;
				}
				nextExtension();
			}
			case EXTENSION_TYPE -> {
				if (!this.extensionTypes.add(v)) {
					invalid();
					return;
				}
				this.extensionType = v;
				enter(Step.EXTENSION_LENGTH, 2);
			}
			case EXTENSION_LENGTH -> extensionData(v);
			case EXTENSION_DATA -> nextExtension();
			case SERVER_NAME_LIST_LENGTH -> {
				if (v != this.limit - this.position) {
					invalid();
					return;
				}
				enter(Step.SERVER_NAME_TYPE, 1);
			}
			case SERVER_NAME_TYPE -> {
				if (v != SERVER_NAME_HOST_NAME) {
					invalid();
					return;
				}
				enter(Step.HOST_NAME_LENGTH, 2);
			}
			case HOST_NAME_LENGTH -> {
				// Exactly one entry: the name fills what is left of the list.
				if (v < 1 || v > MAX_HOST_NAME_LENGTH || v != this.limit - this.position) {
					invalid();
					return;
				}
				enter(Step.HOST_NAME, v);
			}
			case HOST_NAME -> {
				for (int i = 0; i < this.collectedLength; i++) {
					int c = this.collected[i];
					if (c < 0x21 || c > 0x7E) {
						invalid();
						return;
					}
				}
				this.serverName = new String(this.collected, 0, this.collectedLength, StandardCharsets.US_ASCII);
				nextExtension();
			}
			case ALPN_LIST_LENGTH -> {
				if (v < 2 || v != this.limit - this.position) {
					invalid();
					return;
				}
				enter(Step.ALPN_NAME_LENGTH, 1);
			}
			case ALPN_NAME_LENGTH -> {
				if (v < 1) {
					invalid();
					return;
				}
				enter(Step.ALPN_NAME, v);
			}
			case ALPN_NAME -> {
				this.alpn.add(new String(this.collected, 0, this.collectedLength, StandardCharsets.ISO_8859_1));
				if (this.position == this.limit) {
					nextExtension();
				}
				else {
					enter(Step.ALPN_NAME_LENGTH, 1);
				}
			}
			case VERSIONS_LENGTH -> {
				if (v < 2 || (v & 1) != 0 || v > MAX_SUPPORTED_VERSIONS_LENGTH || v != this.limit - this.position) {
					invalid();
					return;
				}
				enter(Step.SUPPORTED_VERSION, 2);
			}
			case SUPPORTED_VERSION -> {
				if ((v >>> 8) == 3 && v > this.highestVersion) {
					this.highestVersion = v;
				}
				if (this.position == this.limit) {
					nextExtension();
				}
				else {
					enter(Step.SUPPORTED_VERSION, 2);
				}
			}
		}
	}

	/** After an extension's length: its data is read by type, within its own bounds. */
	private void extensionData(int length) {
		if (length > this.messageEnd - this.position) {
			invalid();
			return;
		}
		this.limit = this.position + length;
		switch (this.extensionType) {
			case EXTENSION_SERVER_NAME -> enter(Step.SERVER_NAME_LIST_LENGTH, 2);
			case EXTENSION_ALPN -> enter(Step.ALPN_LIST_LENGTH, 2);
			case EXTENSION_SUPPORTED_VERSIONS -> enter(Step.VERSIONS_LENGTH, 1);
			case EXTENSION_ENCRYPTED_CLIENT_HELLO -> {
				this.encryptedClientHello = true;
				enter(Step.EXTENSION_DATA, length);
			}
			default -> enter(Step.EXTENSION_DATA, length);
		}
	}

	private void nextExtension() {
		this.limit = this.messageEnd;
		if (this.position == this.messageEnd) {
			this.status = ParseStatus.COMPLETE;
			return;
		}
		enter(Step.EXTENSION_TYPE, 2);
	}

	private void invalid() {
		this.status = ParseStatus.INVALID;
	}
}
