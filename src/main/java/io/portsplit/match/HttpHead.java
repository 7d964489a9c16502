package io.portsplit.match;

/**
 * What routing needs from an HTTP/1.x request head.
 *
 * @param method the request method, as sent (case kept)
 * @param target the request-target, as sent
 * @param version {@code HTTP/1.0}, {@code HTTP/1.1}, ... as sent
 * @param host the Host header's host: its value without surrounding whitespace and without a
 * {@code :port} suffix; an IPv6 literal keeps its brackets ({@code [::1]}); null when there is
 * no Host header or its host is empty
 */
record HttpHead(String method, String target, String version, String host) {

	/** One line for an operator, e.g. {@code GET, Host 'a.example.com'}. */
	String describe() {
		return this.method + ((this.host == null) ? ", no Host" : ", Host '" + this.host + "'");
	}
}
