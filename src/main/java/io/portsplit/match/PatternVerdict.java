package io.portsplit.match;

import io.portsplit.config.BytePattern;
import io.portsplit.config.ServiceSpec;

/** What the patterns say about the bytes received so far (SPEC 4, rules 1–3). */
public sealed interface PatternVerdict {

	/** Rule 1: the first service, in file order, with a pattern the bytes start with. */
	record Matched(ServiceSpec service, BytePattern pattern) implements PatternVerdict {
	}

	/** Rule 2: the bytes are no longer a prefix of any pattern. */
	record NoMatchPossible() implements PatternVerdict {
	}

	/** Rule 3: no match yet, but more bytes could still produce one. */
	record NeedMore() implements PatternVerdict {
	}

	PatternVerdict NO_MATCH_POSSIBLE = new NoMatchPossible();

	PatternVerdict NEED_MORE = new NeedMore();
}
