package io.portsplit.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that touches POSIX signals. The JDK has no public API for them;
 * {@code sun.misc.Signal} (module jdk.unsupported, present in every OpenJDK build) is
 * the supported way for applications to handle them. Where a signal cannot be handled
 * (another JVM, or a signal the JVM reserves) this says why, for {@link SignalRequests} to
 * log once started, and carries on: SIGTERM and
 * SIGINT then fall back to the JVM's own shutdown (Spring's shutdown hook still closes
 * every connection, but the exit code is 143/130), and reloading is still available
 * through the management endpoint.
 */
final class SignalHandling {

	private SignalHandling() {
	}

	/**
	 * Returns what could not be handled, for the caller to log once start-up has set up the
	 * logging system: logged now, before Spring Boot has, a line would come out in the logging
	 * library's bare default format, unlike every other line.
	 */
	static List<String> install(Runnable onStop, Runnable onReload) {
		List<String> warnings = new ArrayList<>();
		handle("TERM", onStop, warnings);
		handle("INT", onStop, warnings);
		handle("HUP", onReload, warnings);
		return warnings;
	}

	@SuppressWarnings("restriction")
	private static void handle(String name, Runnable action, List<String> warnings) {
		try {
			sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
			// The JVM leaves a SIGHUP that was ignored when it started (nohup) ignored, without an error; so does
			// the JVM switch's execve. (A background job's SIGINT is ignored as a matter of course: not worth a warning.)
			if ("HUP".equals(name) && previous == sun.misc.SignalHandler.SIG_IGN) {
				warnings.add("SIGHUP was ignored by whatever started portsplit (nohup?) and stays ignored: "
						+ "reload with POST /actuator/portsplit instead");
			}
		}
		catch (IllegalArgumentException | UnsupportedOperationException | LinkageError ex) {
			warnings.add("cannot handle SIG" + name + " on this JVM: " + ex.getMessage());
		}
	}
}
