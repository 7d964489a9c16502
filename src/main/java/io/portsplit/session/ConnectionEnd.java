package io.portsplit.session;

/**
 * How a client connection ended.
 *
 * @param bytesFromClient bytes received from the client, the first bytes included
 * @param bytesToClient bytes sent to the client
 * @param reason short human text for the end log line
 * @param failure set when the connection ended because its action could not run
 */
public record ConnectionEnd(long bytesFromClient, long bytesToClient, String reason, Failure failure) {

	/** Why a routed connection could not be served; the {@code reason} tag of the rejection metric. */
	public enum Failure {
		NONE, BACKEND, EXEC, NO_SERVICE, CLIENT_ERROR
	}

	public static ConnectionEnd of(long fromClient, long toClient, String reason) {
		return new ConnectionEnd(fromClient, toClient, reason, Failure.NONE);
	}
}
