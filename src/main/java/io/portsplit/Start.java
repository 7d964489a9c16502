package io.portsplit;

import io.portsplit.jvm.DaemonJvm;

/**
 * The jar's entry point. It settles the JVM first ({@link DaemonJvm}), then runs
 * {@link Main}. A class of its own because the JVM loads every class a class's code
 * refers to when it links it: Main's would pull in Spring's and the logging's from the
 * nested jars (a quarter of a second) only for the process to be replaced.
 */
public final class Start {

	private Start() {
	}

	public static void main(String[] args) {
		DaemonJvm.replaceIfPlain(System.err);
		Main.main(args);
	}
}
