package io.portsplit.jvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of each training step. Every JVM that touches the archive runs with
 * the switch's {@link DaemonJvm#OPTIONS} and the entry's extracted jar by the path the
 * daemon will use: the JVM refuses an archive made with another class path, and an AOT
 * cache made with another collector or heap layout. The training run and the creation
 * step carry {@link CacheTraining#ARGUMENT}, so that {@code ps} says what they are.
 */
final class TrainingCommands {

	private final List<String> prefix;

	private final Path java;

	private final CacheEntry entry;

	/** @param prefix run before java: {@code nice -n 10}, or nothing */
	TrainingCommands(List<String> prefix, Path javaHome, CacheEntry entry) {
		this.prefix = List.copyOf(prefix);
		this.java = javaHome.resolve("bin").resolve("java");
		this.entry = entry;
	}

	/** Spring Boot's own extraction: the jar's classes as a jar, its libraries beside it, a class path in its manifest. */
	List<String> extract(Path jar) {
		List<String> command = jvm();
		command.addAll(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				this.entry.app().toString(), "--application-filename", CacheEntry.APP_JAR));
		return command;
	}

	/** A full start that routes one connection and exits ({@link CacheTraining}); the JVM writes what it learnt as it exits. */
	List<String> record() {
		List<String> command = jvm();
		command.addAll(this.entry.kind().recordOptions(this.entry.archive(), this.entry.aotConfiguration()));
		command.add("-D" + DaemonJvm.LIBRARY_PATH_PROPERTY + "=" + DaemonJvm.STANDARD_LIBRARY_DIRECTORIES);
		command.addAll(List.of("-jar", this.entry.appJar().toString(), CacheTraining.ARGUMENT));
		return command;
	}

	/** Empty when the kind has no such step. */
	List<String> create() {
		List<String> options = this.entry.kind().createOptions(this.entry.archive(), this.entry.aotConfiguration());
		if (options.isEmpty()) {
			return List.of();
		}
		List<String> command = jvm();
		command.addAll(options);
		command.addAll(List.of("-jar", this.entry.appJar().toString(), CacheTraining.ARGUMENT));
		return command;
	}

	/** {@code -Xshare:on} makes a JVM that cannot map the archive fail instead of starting without it. */
	List<String> verify() {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(DaemonJvm.OPTIONS);
		command.addAll(List.of("-XX:SharedArchiveFile=" + this.entry.archive(), "-Xshare:on", "-jar",
				this.entry.appJar().toString(), "--version"));
		return command;
	}

	private List<String> jvm() {
		List<String> command = new ArrayList<>(this.prefix);
		command.add(this.java.toString());
		command.addAll(DaemonJvm.OPTIONS);
		return command;
	}
}
