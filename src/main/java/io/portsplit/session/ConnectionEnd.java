package io.portsplit.session;

import io.portsplit.access.Admission;

/**
 * How a client connection ended.
 *
 * @param bytesFromClient bytes received from the client, the first bytes included
 * @param bytesToClient bytes sent to the client
 * @param reason short human text for the end log line
 * @param failure set when the connection ended because it could not be served
 * @param refusal for {@link Failure#REFUSED}, the rule that turned it away; null otherwise
 */
public record ConnectionEnd(long bytesFromClient, long bytesToClient, String reason, Failure failure,
		Admission.Refusal refusal) {

	/** Why a connection could not be served; with the refusal, the {@code reason} tag of the rejection metric. */
	public enum Failure {
		NONE, BACKEND, EXEC, NO_SERVICE, CLIENT_ERROR, REFUSED
	}

	public ConnectionEnd(long bytesFromClient, long bytesToClient, String reason, Failure failure) {
		this(bytesFromClient, bytesToClient, reason, failure, null);
	}

	public static ConnectionEnd of(long fromClient, long toClient, String reason) {
		return new ConnectionEnd(fromClient, toClient, reason, Failure.NONE);
	}

	/** Turned away by {@code refusal} after it was accepted (its PROXY header, or its service's own limit). */
	public static ConnectionEnd refused(long fromClient, Admission.Refusal refusal, String reason) {
		return new ConnectionEnd(fromClient, 0, reason, Failure.REFUSED, refusal);
	}
}
