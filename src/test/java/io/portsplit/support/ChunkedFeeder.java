package io.portsplit.support;

import java.util.Optional;

import io.portsplit.match.FirstBytes;
import io.portsplit.route.Decision;
import io.portsplit.route.RoutingTable;
import io.portsplit.route.Trigger;

/**
 * Feeds bytes to a {@link RoutingTable} the way a connection does: into the connection's
 * {@link FirstBytes}, each read at most what the conditions still want, then end of
 * stream. A read that cannot fit is a failure: the table held everything it can use and
 * did not decide. Reads of 0 bytes count as 1, and the reads must cover the input.
 */
public final class ChunkedFeeder {

	/** What came of one input: the decision and how many bytes had been read when it was taken. */
	public record Fed(Decision decision, int bytesSeen) {
	}

	private ChunkedFeeder() {
	}

	public static Fed feed(RoutingTable table, byte[] input, int[] reads) {
		FirstBytes bytes = table.firstBytes();
		int offset = 0;
		for (int read : reads) {
			if (offset == input.length) {
				break;
			}
			int n = Math.min(Math.min(Math.max(1, read), bytes.wanted()), input.length - offset);
			if (n <= 0) {
				throw new AssertionError(bytes.length() + " bytes, all the conditions can use, and still undecided");
			}
			bytes.room(n).put(input, offset, n);
			bytes.added(n);
			offset += n;
			Optional<Decision> decision = table.decide(bytes, Trigger.DATA);
			if (decision.isPresent()) {
				return new Fed(decision.get(), bytes.length());
			}
		}
		if (offset != input.length) {
			throw new AssertionError("the reads cover " + offset + " of " + input.length + " bytes");
		}
		Decision end = table.decide(bytes, Trigger.END_OF_STREAM)
			.orElseThrow(() -> new AssertionError("no decision at end of stream"));
		return new Fed(end, bytes.length());
	}

	public static Fed oneRead(RoutingTable table, byte[] input) {
		return feed(table, input, new int[] { Integer.MAX_VALUE });
	}
}
