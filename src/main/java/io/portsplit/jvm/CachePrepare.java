package io.portsplit.jvm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar portsplit.jar --portsplit-cache-prepare} ({@code bin/portsplit
 * --prepare}): trains the start-up cache entry of this jar on this JVM now, in the
 * foreground and at full priority, for an operator who wants even the first start of a
 * service fast (an image build, a package's post-install). It runs in the first JVM,
 * before the switch, and makes the entry the switch will look for.
 */
public final class CachePrepare {

	public static final String ARGUMENT = "--portsplit-cache-prepare";

	private CachePrepare() {
	}

	/** @return the exit status: 0 when the entry is ready */
	public static int run(PrintStream out, PrintStream err) {
		if (!CacheSettings.enabled()) {
			err.println("portsplit: the start-up cache is off (" + CacheSettings.VARIABLE + "=off or -D"
					+ CacheSettings.PROPERTY + "=off)");
			return 1;
		}
		Optional<Path> directory = CacheDirectory.locate();
		Optional<Path> jar = ownJar(DaemonJvm.currentCommand());
		if (directory.isEmpty() || jar.isEmpty()) {
			err.println("portsplit: no start-up cache directory (set " + CacheDirectory.VARIABLE
					+ "), or not started as java -jar");
			return 1;
		}
		TrainingChild child = new TrainingChild();
		Thread stop = new Thread(child::stop, "start-cache-trainer-stop");
		Runtime.getRuntime().addShutdownHook(stop);
		CacheTrainer.Outcome outcome;
		try {
			outcome = new CacheTrainer(jar.get(), directory.get(), ArchiveKind.current(), List.of(), child,
					line -> out.println("portsplit: " + line)).train();
		}
		catch (InterruptedException ex) {
			return 1;
		}
		switch (outcome) {
			case READY:
				return 0;
			case ALREADY_VALID:
				out.println("portsplit: start-up cache: up to date in " + directory.get());
				return 0;
			case BUSY:
				err.println("portsplit: start-up cache: another portsplit is training in " + directory.get()
						+ "; try again in a minute");
				return 1;
			default:
				return 1;
		}
	}

	/** The jar after {@code -jar} on the command line. */
	static Optional<Path> ownJar(List<String> command) {
		int jar = command.indexOf("-jar");
		return (jar >= 0 && jar + 1 < command.size()) ? Optional.of(Path.of(command.get(jar + 1)).toAbsolutePath())
				: Optional.empty();
	}
}
