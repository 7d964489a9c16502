package io.portsplit.listen;

/** A bind address could not be opened; SPEC 2 makes this exit code 1 at start-up. */
public class ListenFailedException extends RuntimeException {

	public ListenFailedException(String message, Throwable cause) {
		super(message, cause);
	}
}
