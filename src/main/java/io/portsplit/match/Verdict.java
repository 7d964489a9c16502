package io.portsplit.match;

import io.portsplit.config.BytePattern;
import io.portsplit.config.ServiceSpec;

/** What the patterns say about the bytes received so far (SPEC 4, rules 1–3). */
public sealed interface Verdict {

	/** Rule 1: the first service, in file order, with a pattern the bytes start with. */
	record Matched(ServiceSpec service, BytePattern pattern) implements Verdict {
	}

	/** Rule 2: the bytes are no longer a prefix of any pattern. */
	record NoMatchPossible() implements Verdict {
	}

	/** Rule 3: no match yet, but more bytes could still produce one. */
	record NeedMore() implements Verdict {
	}

	Verdict NO_MATCH_POSSIBLE = new NoMatchPossible();

	Verdict NEED_MORE = new NeedMore();
}
