package io.portsplit.relay;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One direction of a relay. Bytes go from the source straight to the sink through the
 * loop's shared scratch buffer; only when the sink cannot take them all does the flow
 * keep the rest, and then it stops reading until they are written. So memory per
 * direction is zero while it keeps up and one read's worth at most while it does not.
 */
final class Flow {

	/** Reads per wake-up before giving the other connections of the loop a turn. */
	private static final int READS_PER_TURN = 16;

	final RelaySide source;

	final RelaySide sink;

	/** The other direction of the same pair. */
	private Flow reverse;

	private ByteBuffer pending;

	private boolean sourceEnded;

	private boolean done;

	private long bytes;

	/** @param firstBytes bytes already read from the source, written to the sink before anything else */
	Flow(RelaySide source, RelaySide sink, byte[] firstBytes) {
		this.source = source;
		this.sink = sink;
		if (firstBytes.length > 0) {
			this.pending = ByteBuffer.wrap(firstBytes);
			this.bytes = firstBytes.length;
		}
	}

	/** The two flows of a pair, each the other's reverse. */
	static void pair(Flow up, Flow down) {
		up.reverse = down;
		down.reverse = up;
	}

	boolean wantsRead() {
		return !this.sourceEnded && this.pending == null;
	}

	boolean wantsWrite() {
		return this.pending != null;
	}

	boolean isDone() {
		return this.done;
	}

	long bytes() {
		return this.bytes;
	}

	void pump(ByteBuffer scratch) throws IOException {
		for (int i = 0; i < READS_PER_TURN && wantsRead(); i++) {
			scratch.clear();
			int n = this.source.channel.read(scratch);
			if (n < 0) {
				this.sourceEnded = true;
				finish();
				return;
			}
			if (n == 0) {
				return;
			}
			this.bytes += n;
			scratch.flip();
			this.sink.channel.write(scratch);
			if (scratch.hasRemaining()) {
				this.pending = ByteBuffer.allocate(scratch.remaining()).put(scratch).flip();
				return;
			}
			if (n < scratch.capacity()) {
				// The socket had less than a buffer's worth: it is drained, spare the empty read.
				return;
			}
		}
	}

	void flush() throws IOException {
		this.sink.channel.write(this.pending);
		if (!this.pending.hasRemaining()) {
			this.pending = null;
			if (this.sourceEnded) {
				finish();
			}
		}
	}

	/**
	 * Passes the half-close on once everything read has been delivered. Not when the reverse
	 * direction is done already: the pair closes both sockets now, and the close sends the
	 * same FIN (everything the sink sent has been read, so it is not a reset). One system
	 * call less for every connection that ends normally.
	 */
	private void finish() throws IOException {
		if (this.pending == null && !this.done) {
			this.done = true;
			if (this.reverse == null || !this.reverse.done) {
				this.sink.channel.shutdownOutput();
			}
		}
	}
}
