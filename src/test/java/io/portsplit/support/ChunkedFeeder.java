package io.portsplit.support;

import java.util.Optional;

import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.Trigger;

/**
 * Feeds bytes to a {@link RoutingTable} the way a connection does: into a buffer of
 * {@link RoutingTable#decisiveLength()} bytes, each read at most what still fits, then end
 * of stream. A read that cannot fit is a failure: the table held a full buffer undecided.
 * Reads of 0 bytes count as 1, and the reads must cover the input.
 */
public final class ChunkedFeeder {

	/** What came of one input: the decision and how many bytes had been read when it was taken. */
	public record Fed(Decision decision, int bytesSeen) {
	}

	private ChunkedFeeder() {
	}

	public static Fed feed(RoutingTable table, byte[] input, int[] reads) {
		byte[] buffer = new byte[table.decisiveLength()];
		int length = 0;
		int offset = 0;
		for (int read : reads) {
			if (offset == input.length) {
				break;
			}
			int n = Math.min(Math.min(Math.max(1, read), buffer.length - length), input.length - offset);
			if (n <= 0) {
				throw new AssertionError("buffer of " + buffer.length + " bytes full and still undecided");
			}
			System.arraycopy(input, offset, buffer, length, n);
			offset += n;
			length += n;
			Optional<Decision> decision = table.decide(buffer, length, Trigger.DATA);
			if (decision.isPresent()) {
				return new Fed(decision.get(), length);
			}
		}
		if (offset != input.length) {
			throw new AssertionError("the reads cover " + offset + " of " + input.length + " bytes");
		}
		Decision end = table.decide(buffer, length, Trigger.END_OF_STREAM)
			.orElseThrow(() -> new AssertionError("no decision at end of stream"));
		return new Fed(end, length);
	}

	public static Fed oneRead(RoutingTable table, byte[] input) {
		return feed(table, input, new int[] { Integer.MAX_VALUE });
	}
}
