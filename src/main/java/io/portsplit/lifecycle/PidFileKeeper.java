package io.portsplit.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Keeps the pid file in step with the running configuration's {@code pid} option. */
final class PidFileKeeper {

	private static final Log logger = LogFactory.getLog(PidFileKeeper.class);

	private PidFile written;

	synchronized void update(Optional<Path> wanted) throws IOException {
		if (this.written != null && wanted.isPresent()
				&& Objects.equals(this.written.path(), wanted.get().toAbsolutePath())) {
			// Rewritten anyway: an operator may have deleted it.
			this.written = PidFile.write(wanted.get());
			logger.info("wrote pid file " + this.written.path());
			return;
		}
		PidFile next = wanted.isPresent() ? PidFile.write(wanted.get()) : null;
		if (this.written != null) {
			this.written.remove();
		}
		this.written = next;
		if (next != null) {
			logger.info("wrote pid file " + next.path());
		}
	}

	synchronized void remove() {
		if (this.written != null) {
			this.written.remove();
			this.written = null;
		}
	}
}
