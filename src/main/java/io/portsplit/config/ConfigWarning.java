package io.portsplit.config;

import java.nio.file.Path;

/** Something valid but probably not what the operator meant (e.g. a pattern that can never win). */
public record ConfigWarning(int line, String message) {

	/** As every warning is shown, in the log, by {@code --check} and by the management endpoint. */
	public String format(Path file) {
		return file + ":" + this.line + ": warning: " + this.message;
	}
}
