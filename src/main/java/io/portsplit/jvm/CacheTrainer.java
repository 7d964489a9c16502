package io.portsplit.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Builds the start-up cache entry for a jar on this JVM: under the directory's lock,
 * extracts the jar into the entry, runs the training steps on the extracted jar, checks
 * that a JVM can map the result, publishes the entry and evicts old ones. The steps are
 * child processes ({@link TrainingChild}, {@link TrainingCommands}); the whole training
 * is bounded by {@link #BOUND}. Whatever fails, the entry stays unpublished, so no start
 * ever uses it, and the next training starts it over.
 */
final class CacheTrainer {

	/**
	 * The longest a training may take, all steps together. The steps take 25-30 s of CPU
	 * (extraction 2 s, the training run 12-15 s, JDK 25's creation step 6-9 s, the check
	 * 0.5 s) and run niced, so on a busy two-core machine they stretch to a minute or more.
	 */
	static final Duration BOUND = Duration.ofSeconds(180);

	/** How a training ended. */
	enum Outcome {
		/** A new entry is published. */
		READY,
		/** The entry was valid already. */
		ALREADY_VALID,
		/** Another process is training in this directory. */
		BUSY,
		/** The directory cannot be written (read-only, full, not a directory, no permission). */
		UNUSABLE,
		/** A step failed or took too long; its output is in the entry's log. */
		FAILED,
		/** The process is stopping. */
		STOPPED
	}

	private final Path jar;

	private final Path javaHome;

	private final Path cacheDirectory;

	private final ArchiveKind kind;

	private final List<String> prefix;

	private final TrainingChild child;

	private final Consumer<String> report;

	/**
	 * @param jar the jar to train for, as the daemon was started with it
	 * @param prefix what runs the steps ({@code nice -n 10} in the daemon)
	 * @param report where the outcome is said, one line each
	 */
	CacheTrainer(Path jar, Path cacheDirectory, ArchiveKind kind, List<String> prefix, TrainingChild child,
			Consumer<String> report) {
		this.jar = jar;
		this.javaHome = Path.of(System.getProperty("java.home"));
		this.cacheDirectory = cacheDirectory;
		this.kind = kind;
		this.prefix = prefix;
		this.child = child;
		this.report = report;
	}

	Outcome train() throws InterruptedException {
		long started = System.nanoTime();
		CacheLock lock;
		try {
			lock = CacheLock.tryAcquire(this.cacheDirectory);
		}
		catch (IOException | RuntimeException ex) {
			return unusable(ex);
		}
		if (lock == null) {
			return Outcome.BUSY;
		}
		try (lock) {
			return trainLocked(started);
		}
		catch (IOException ex) {
			return unusable(ex);
		}
	}

	private Outcome trainLocked(long started) throws IOException, InterruptedException {
		CacheKey key = CacheKey.of(this.jar, jvmProperties(), DaemonJvm.OPTIONS);
		CacheEntry entry = CacheEntry.of(this.cacheDirectory, key, this.kind);
		if (EntryValidation.isValid(entry, key)) {
			return Outcome.ALREADY_VALID;
		}
		if (!clear(entry)) {
			this.report.accept("start-up cache: " + entry + " is invalid but in use by a running portsplit;"
					+ " it is rebuilt once that one stops");
			return Outcome.FAILED;
		}
		Files.createDirectories(entry.directory());
		Files.writeString(entry.keyFile(), key.text(), StandardCharsets.UTF_8);
		Files.writeString(entry.log(), "", StandardCharsets.UTF_8);
		this.report.accept("start-up cache: training " + entry + " in child processes ("
				+ (this.prefix.isEmpty() ? "" : String.join(" ", this.prefix) + ", ") + "at most " + BOUND.toSeconds()
				+ " s)");
		long deadline = started + BOUND.toNanos();
		TrainingCommands commands = new TrainingCommands(this.prefix, this.javaHome, entry);
		try {
			String failed = steps(commands, entry, key, deadline);
			if (failed != null) {
				discard(entry);
				this.report.accept("start-up cache: training failed (" + failed + "; see " + entry.log()
						+ "); starts stay uncached");
				return Outcome.FAILED;
			}
		}
		catch (TrainingChild.Stopped ex) {
			discard(entry);
			return Outcome.STOPPED;
		}
		catch (IOException ex) {
			discard(entry);
			throw ex;
		}
		Files.deleteIfExists(entry.aotConfiguration());
		Files.deleteIfExists(entry.directory().resolve(CacheTraining.CONFIG_FILE));
		Files.createFile(entry.inUse());
		EntryManifest.write(entry);
		evict();
		this.report.accept(String.format(Locale.ROOT,
				"start-up cache: ready in %d s, %s (archive %d MB); the next plain java -jar start runs from it",
				Duration.ofNanos(System.nanoTime() - started).toSeconds(), entry,
				Files.size(entry.archive()) / (1024 * 1024)));
		return Outcome.READY;
	}

	/** @return null when every step succeeded, else what failed */
	private String steps(TrainingCommands commands, CacheEntry entry, CacheKey key, long deadline)
			throws IOException, InterruptedException, TrainingChild.Stopped {
		String failed = step("extract", commands.extract(this.jar), entry, deadline);
		if (failed != null) {
			return failed;
		}
		// The jar replaced while it was being extracted: what is in the entry may be neither.
		if (!CacheKey.of(this.jar, jvmProperties(), DaemonJvm.OPTIONS).text().equals(key.text())) {
			return "the jar changed during the training";
		}
		failed = step("training run", commands.record(), entry, deadline);
		if (failed == null && !commands.create().isEmpty()) {
			failed = step("AOT cache creation", commands.create(), entry, deadline);
		}
		if (failed == null) {
			failed = step("check of the archive", commands.verify(), entry, deadline);
		}
		return failed;
	}

	private String step(String name, List<String> command, CacheEntry entry, long deadline)
			throws IOException, InterruptedException, TrainingChild.Stopped {
		Files.writeString(entry.log(), "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
				java.nio.file.StandardOpenOption.APPEND);
		int status = this.child.run(command, entry.directory(), entry.log(), deadline);
		if (status == -1) {
			return name + " still running after " + BOUND.toSeconds() + " s of training";
		}
		return (status == 0) ? null : name + " exited with " + status;
	}

	/** Removes what a previous, interrupted or stale, training left at the entry's path, unless a daemon runs from it. */
	private boolean clear(CacheEntry entry) throws IOException {
		if (!Files.exists(entry.directory())) {
			return true;
		}
		if (Files.exists(entry.inUse())) {
			EntryLease lease;
			try {
				lease = new EntryLease(NativeCalls.load());
			}
			catch (LinkageError ex) {
				return false;
			}
			try {
				if (!lease.holdAlone(entry.inUse())) {
					return false;
				}
				CacheEviction.deleteTree(entry.directory());
				return true;
			}
			finally {
				lease.release();
			}
		}
		CacheEviction.deleteTree(entry.directory());
		return true;
	}

	/** Keeps the log, which says why; the rest is large and of no use. */
	private static void discard(CacheEntry entry) {
		try {
			CacheEviction.deleteTree(entry.app());
			Files.deleteIfExists(entry.archive());
			Files.deleteIfExists(entry.aotConfiguration());
			Files.deleteIfExists(entry.manifest());
		}
		catch (IOException ex) {
			// the next training clears it
		}
	}

	private void evict() {
		try {
			NativeCalls libc = NativeCalls.load();
			CacheEviction.evict(this.cacheDirectory, () -> new EntryLease(libc));
		}
		catch (IOException | LinkageError ex) {
			// old entries stay until the next training
		}
	}

	private Outcome unusable(Exception ex) {
		this.report.accept("start-up cache: cannot write to " + this.cacheDirectory + " (" + reason(ex)
				+ "); starts stay uncached");
		return Outcome.UNUSABLE;
	}

	/** The system's words for it, not an exception's class: this is an operator's INFO line. */
	private static String reason(Exception ex) {
		if (ex instanceof java.nio.file.AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof java.nio.file.FileAlreadyExistsException exists) {
			return exists.getFile() + " is not a directory";
		}
		if (ex instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null) {
			return fileSystem.getReason().toLowerCase(Locale.ROOT);
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/** The key is this JVM's: the trainer runs on the JVM the switch chose, and its steps on the same java. */
	private static Properties jvmProperties() {
		return System.getProperties();
	}
}
