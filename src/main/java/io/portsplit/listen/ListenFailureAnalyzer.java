package io.portsplit.listen;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bind failure as one clear sentence instead of a stack trace. */
final class ListenFailureAnalyzer extends AbstractFailureAnalyzer<ListenFailedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenFailedException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Free the address, or change the 'bind' lines of the configuration file.", cause);
	}
}
