package io.portsplit.listen;

/**
 * One read from a client that has not been routed yet: the payload of the Spring
 * Integration messages its connection hands to the interceptor chain.
 */
public sealed interface ClientRead {

	/** Bytes received, exactly as many as were read. */
	record Bytes(byte[] data) implements ClientRead {
	}

	/** The client shut down its sending side. */
	record EndOfStream() implements ClientRead {
	}

	/** The decision deadline ({@code timeout}) passed without a decision. */
	record DeadlinePassed() implements ClientRead {
	}

	ClientRead END_OF_STREAM = new EndOfStream();

	ClientRead DEADLINE_PASSED = new DeadlinePassed();
}
