package io.portsplit.lifecycle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one place that touches POSIX signals. The JDK has no public API for them;
 * {@code sun.misc.Signal} (module jdk.unsupported, present in every OpenJDK build) is
 * the supported way for applications to handle them. Where a signal cannot be handled
 * (another JVM, or a signal the JVM reserves) this logs why and carries on: SIGTERM and
 * SIGINT then fall back to the JVM's own shutdown (Spring's shutdown hook still closes
 * every connection, but the exit code is 143/130), and reloading is still available
 * through the management endpoint.
 */
final class SignalHandling {

	private static final Log logger = LogFactory.getLog(SignalHandling.class);

	private SignalHandling() {
	}

	static void install(Runnable onStop, Runnable onReload) {
		handle("TERM", onStop);
		handle("INT", onStop);
		handle("HUP", onReload);
	}

	@SuppressWarnings("restriction")
	private static void handle(String name, Runnable action) {
		try {
			sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
			// The JVM leaves a SIGHUP that was ignored when it started (nohup) ignored, without an error.
			// (A background job's SIGINT is ignored as a matter of course: not worth a warning.)
			if ("HUP".equals(name) && previous == sun.misc.SignalHandler.SIG_IGN) {
				logger.warn("SIGHUP was ignored by whatever started portsplit (nohup?) and stays ignored: "
						+ "reload with POST /actuator/portsplit instead");
			}
		}
		catch (IllegalArgumentException | UnsupportedOperationException | LinkageError ex) {
			logger.warn("cannot handle SIG" + name + " on this JVM: " + ex.getMessage());
		}
	}
}
