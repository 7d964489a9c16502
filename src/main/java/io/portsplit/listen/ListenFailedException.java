package io.portsplit.listen;

/** A bind address could not be opened: exit code 1 at start-up, the running configuration kept on reload. */
public class ListenFailedException extends RuntimeException {

	public ListenFailedException(String message, Throwable cause) {
		super(message, cause);
	}
}
