package io.portsplit.match;

/**
 * {@code sni = GLOB} and {@code host = GLOB}: a name the client asks for, matched by a glob
 * ({@link NameGlob}). For {@code sni}, the server name of a TLS ClientHello (with Encrypted
 * Client Hello, the outer, public one); for {@code host}, the Host of an HTTP/1.x request head,
 * its port dropped. A message without the name never matches.
 * <p>
 * Either settles only once its whole message is in (the ClientHello, or the head up to its
 * empty line): a split that happens to end right after the name must not decide differently
 * from the same bytes read at once, and what follows the name (a second Host, a malformed
 * extension) counts whatever the split. A malformed or oversized message matches nothing,
 * wherever its fault lies.
 */
public final class NameCondition implements Condition {

	/** Where the name comes from. */
	private enum Field {

		SNI("sni", Kind.SNI, ClientHelloParser.MAX_STREAM_BYTES) {

			@Override
			ParseStatus status(FirstBytes bytes) {
				return bytes.clientHello().status();
			}

			@Override
			String name(FirstBytes bytes) {
				return bytes.clientHello().result().serverName();
			}

			@Override
			String explain(FirstBytes bytes, Verdict verdict) {
				return TlsExplanations.explain(bytes, verdict, hello -> (hello.serverName() == null) ? "no server name"
						: "server name '" + hello.serverName() + "'");
			}
		},

		HOST("host", Kind.HOST, HttpHeadParser.MAX_HEAD_BYTES) {

			@Override
			ParseStatus status(FirstBytes bytes) {
				return bytes.httpHead().status();
			}

			@Override
			String name(FirstBytes bytes) {
				return bytes.httpHead().result().host();
			}

			@Override
			String explain(FirstBytes bytes, Verdict verdict) {
				String host = (status(bytes) == ParseStatus.COMPLETE) ? name(bytes) : null;
				return switch (verdict) {
					case MATCH -> "MATCHES (Host '" + host + "')";
					case POSSIBLE -> "still possible (the request head is not complete yet)";
					case IMPOSSIBLE -> (status(bytes) == ParseStatus.COMPLETE)
							? "ruled out: " + ((host == null) ? "no Host" : "Host '" + host + "'")
							: "ruled out: not a complete HTTP/1.x request head within " + HttpHeadParser.MAX_HEAD_BYTES
									+ " bytes";
				};
			}
		};

		final String option;

		final Kind kind;

		final int maxBytes;

		Field(String option, Kind kind, int maxBytes) {
			this.option = option;
			this.kind = kind;
			this.maxBytes = maxBytes;
		}

		abstract ParseStatus status(FirstBytes bytes);

		/** The name the complete message carries; null if it has none. */
		abstract String name(FirstBytes bytes);

		abstract String explain(FirstBytes bytes, Verdict verdict);
	}

	private final Field field;

	private final NameGlob glob;

	private final int line;

	private NameCondition(Field field, NameGlob glob, int line) {
		this.field = field;
		this.glob = glob;
		this.line = line;
	}

	/** @throws IllegalArgumentException with a message for the operator if the glob is empty */
	public static NameCondition sni(String glob, int line) {
		return new NameCondition(Field.SNI, NameGlob.parse(glob), line);
	}

	/** @throws IllegalArgumentException with a message for the operator if the glob is empty */
	public static NameCondition host(String glob, int line) {
		return new NameCondition(Field.HOST, NameGlob.parse(glob), line);
	}

	@Override
	public Kind kind() {
		return this.field.kind;
	}

	@Override
	public Verdict test(FirstBytes bytes) {
		return switch (this.field.status(bytes)) {
			case INCOMPLETE -> Verdict.POSSIBLE;
			case INVALID -> Verdict.IMPOSSIBLE;
			case COMPLETE -> {
				String name = this.field.name(bytes);
				yield (name != null && this.glob.matches(name)) ? Verdict.MATCH : Verdict.IMPOSSIBLE;
			}
		};
	}

	@Override
	public int maxBytes() {
		return this.field.maxBytes;
	}

	@Override
	public String option() {
		return this.field.option;
	}

	@Override
	public String value() {
		return this.glob.toString();
	}

	@Override
	public int line() {
		return this.line;
	}

	@Override
	public String describe() {
		return option() + " '" + this.glob + "'";
	}

	@Override
	public String explain(FirstBytes bytes, Verdict verdict) {
		return this.field.explain(bytes, verdict);
	}

	@Override
	public String toString() {
		return option() + " = " + value();
	}
}
