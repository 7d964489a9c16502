package io.portsplit;

import io.portsplit.jvm.CachePrepare;
import io.portsplit.jvm.CacheTraining;
import io.portsplit.jvm.DaemonJvm;
import io.portsplit.jvm.TrainingSchedule;

/**
 * The application's entry point, which Spring Boot's launcher runs once {@link FirstStage}
 * has handed over. It settles the JVM first ({@link DaemonJvm}, which may replace
 * the process to run from the start-up cache), schedules the cache's training if the
 * switch found no entry ({@link TrainingSchedule}), then runs {@link Main}. Two hidden
 * arguments run the cache's own modes instead: its training run ({@link CacheTraining},
 * a child of the daemon) and its foreground training ({@link CachePrepare},
 * {@code bin/portsplit --prepare}). A class of its own because the JVM loads every class
 * a class's code refers to when it links it: Main's would pull in Spring's and the
 * logging's from the nested jars (a quarter of a second) only for the process to be
 * replaced.
 */
public final class Start {

	private Start() {
	}

	public static void main(String[] args) {
		// The arguments are constants, compared here: the first JVM of a plain start loads neither class.
		if (args.length == 1 && args[0].equals(CacheTraining.ARGUMENT)) {
			CacheTraining.run(Main::main);
			return;
		}
		if (args.length == 1 && args[0].equals(CachePrepare.ARGUMENT)) {
			System.exit(CachePrepare.run(System.out, System.err));
		}
		DaemonJvm.replaceIfPlain(System.err);
		TrainingSchedule.startIfAsked();
		Main.main(args);
	}
}
