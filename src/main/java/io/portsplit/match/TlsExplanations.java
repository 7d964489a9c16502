package io.portsplit.match;

import java.util.function.Function;

/** The explanations the ClientHello conditions give an operator. */
final class TlsExplanations {

	private TlsExplanations() {
	}

	/** @param field what the ClientHello holds that the condition looks at, e.g. {@code server name 'a.example'} */
	static String explain(FirstBytes bytes, Verdict verdict, Function<ClientHello, String> field) {
		ClientHelloParser parser = bytes.clientHello();
		return switch (verdict) {
			case MATCH -> "MATCHES (" + field.apply(parser.result()) + ")";
			case POSSIBLE -> "still possible (the ClientHello is not complete yet)";
			case IMPOSSIBLE -> (parser.status() == ParseStatus.COMPLETE) ? "ruled out: " + field.apply(parser.result())
					: "ruled out: not a complete, valid TLS ClientHello within " + ClientHelloParser.MAX_STREAM_BYTES
							+ " bytes";
		};
	}
}
