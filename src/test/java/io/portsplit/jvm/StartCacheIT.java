package io.portsplit.jvm;

import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Jdks;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

/**
 * The start-up cache on the packaged jar, started as the operator does, a plain
 * {@code java -jar} with {@code PORTSPLIT_CACHE_DIR} in the test's directory: the first
 * start serves, then trains an entry in the background; the next start runs from it; a
 * damaged or stale entry, or a directory that cannot be written, still gives a start that
 * serves, without a word from the JVM about archives.
 */
class StartCacheIT extends PortsplitTestBase {

	/**
	 * The trainer starts 10 s or more after the daemon and may take its whole bound
	 * (180 s) on a busy machine; the foreground training the same.
	 */
	private static final Duration TRAINING = Duration.ofSeconds(240);

	/** util-linux's, in every Debian: runs a command as another user without a login or a shell. */
	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	@Test
	void theFirstStartServesThenTrainsAndTheNextStartRunsFromTheCacheAsOneProcess() throws Exception {
		Path jar = copyOfJar();
		Path cache = this.dir.resolve("cache");
		CacheEntry entry = expectedEntry(jar, cache);
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("first.pid");
		Path file = webConfig(port, pid, "cached");

		PortsplitProcess first = plain(jar, file, pid, cache);
		assertThat(commandLine(first.pid())).containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-Dportsplit.cache.train=" + entry.directory(), "-Dportsplit.jar=" + jar)
			.containsSubsequence("-jar", jar.toString(), "--config=" + file)
			.noneMatch(argument -> argument.startsWith("-XX:SharedArchiveFile"));
		assertThat(Clients.exchange(port, "GET /first")).isEqualTo("cached:GET /first");

		List<String> trainingRun = awaitTrained(first, entry);
		assertThat(trainingRun).as("the training run, a niced child of the daemon")
			.contains(CacheTraining.ARGUMENT, "-jar", entry.appJar().toString());
		first.awaitStdoutLine(line -> line.contains("start-up cache: ready"), Waits.EFFECT);
		assertThat(Clients.exchange(port, "GET /still")).isEqualTo("cached:GET /still");
		assertThat(first.stopWith("TERM")).as(first.output()).isZero();
		assertThat(first.errorLines()).isEmpty();

		PortsplitProcess second = plain(jar, file, pid, cache);
		assertThat(commandLine(second.pid())).containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:SharedArchiveFile=" + entry.archive(), "-Xlog:cds=off", "-Dportsplit.jar=" + jar)
			.containsSubsequence("-jar", entry.appJar().toString(), "--config=" + file)
			.noneMatch(argument -> argument.startsWith("-Dportsplit.cache.train"));
		assertThat(Clients.exchange(port, "GET /second")).isEqualTo("cached:GET /second");
		assertThat(ProcessHandle.of(second.pid()).orElseThrow().children().toList()).as("ps: one process").isEmpty();
		assertThat(second.stopWith("TERM")).as(second.output()).isZero();
		assertThat(second.output()).doesNotContain("[cds]").doesNotContain("[aot]").doesNotContain("start-up cache");
	}

	@Test
	void onJdk25AndLaterThePlainFormLocksAndRunsAnAotCacheEntry() throws Exception {
		Optional<Path> java = Jdks.javaOfAtLeast(ArchiveKind.AOT_CACHE_FEATURE);
		assumeTrue(java.isPresent(), "no JDK 25 or later on this machine");
		Path jar = copyOfJar();
		Path cache = this.dir.resolve("cache");
		String prepared = prepare(jar, cache, java.get().getParent().getParent());
		assertThat(prepared).contains("start-up cache: ready");
		CacheEntry entry = onlyEntry(cache, ArchiveKind.AOT_CACHE);
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("newer.pid");
		Path file = webConfig(port, pid, "newer");

		PortsplitProcess cached = launch(file).java(java.get()).jar(jar).jvmOptions().pidFile(pid)
			.under("env", "PORTSPLIT_CACHE_DIR=" + cache).daemon();
		assertThat(commandLine(cached.pid())).startsWith(java.get().toString())
			.containsSubsequence(DaemonJvm.OPTIONS)
			.contains("-XX:SharedArchiveFile=" + entry.archive(), "-Dportsplit.jar=" + jar)
			.containsSubsequence("-jar", entry.appJar().toString(), "--config=" + file);
		assertThat(Files.readString(pid).trim()).isEqualTo(Long.toString(cached.pid()));
		assertThat(Files.readAllLines(Path.of("/proc/locks"))).as("the in-use lock, held by the daemon's pid")
			.anyMatch(lock -> lock.contains("FLOCK") && lock.contains(" READ " + cached.pid() + " "));
		assertThat(Clients.exchange(port, "GET /newer")).isEqualTo("newer:GET /newer");
		assertThat(ProcessHandle.of(cached.pid()).orElseThrow().children().toList()).as("ps: one process").isEmpty();
		assertThat(cached.stopWith("TERM")).as(cached.output()).isZero();
		assertThat(cached.output()).doesNotContain("[cds]").doesNotContain("[aot]").doesNotContain("WARNING")
			.doesNotContain("could not restart").doesNotContain("start-up cache");
	}

	@Test
	void aTruncatedArchiveOrATouchedJarIsNotUsedAndTheStartServesAsWithoutACache() throws Exception {
		Path jar = copyOfJar();
		Path cache = this.dir.resolve("cache");
		CacheEntry entry = expectedEntry(jar, cache);
		String prepared = prepare(jar, cache);
		assertThat(prepared).contains("start-up cache: ready");
		assertThat(EntryValidation.isValid(entry, key(jar))).as(prepared).isTrue();
		assertThat(prepare(jar, cache)).as("prepared again").contains("start-up cache: up to date in " + cache);
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("damaged.pid");
		Path file = webConfig(port, pid, "damaged");

		try (FileChannel archive = FileChannel.open(entry.archive(), StandardOpenOption.WRITE)) {
			archive.truncate(archive.size() / 2);
		}
		PortsplitProcess truncated = plain(jar, file, pid, cache);
		assertUncachedAndServing(truncated, jar, file, port);

		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(1)));
		PortsplitProcess touched = plain(jar, file, pid, cache);
		assertThat(assertUncachedAndServing(touched, jar, file, port)).as("another key: the touched jar is another jar")
			.noneMatch(argument -> argument.equals("-Dportsplit.cache.train=" + entry.directory()));
	}

	@Test
	void aDaemonStoppedDuringTrainingTakesItsTrainingWithItAndPublishesNothing() throws Exception {
		Path jar = copyOfJar();
		Path cache = this.dir.resolve("cache");
		CacheEntry entry = expectedEntry(jar, cache);
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("stopped.pid");
		PortsplitProcess portsplit = plain(jar, webConfig(port, pid, "stopped"), pid, cache);
		long trainingRun = track(awaitTrainingRun(portsplit));

		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();

		ChildProcesses.awaitGone(trainingRun, Waits.EFFECT);
		assertThat(entry.manifest()).doesNotExist();
		assertThat(EntryValidation.isValid(entry, key(jar))).isFalse();
	}

	@Test
	void aTrainingRunEndsWhenItsDaemonIsKilled() throws Exception {
		Path jar = copyOfJar();
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("killed.pid");
		PortsplitProcess portsplit = plain(jar, webConfig(port, pid, "killed"), pid, this.dir.resolve("cache"));
		long trainingRun = track(awaitTrainingRun(portsplit));

		portsplit.signal("KILL");

		// Its standard input, the daemon's pipe, reaches end of file: it halts, and writes no archive.
		ChildProcesses.awaitGone(trainingRun, Waits.EFFECT);
	}

	@Test
	void aCacheDirectoryThatCannotBeCreatedCostsOneInfoLineAndNothingElse() throws Exception {
		Path jar = copyOfJar();
		Path cache = Files.writeString(this.dir.resolve("a-file"), "not a directory").resolve("cache");
		assertOneLineAndServing(jar, cache, "unusable");
	}

	@Test
	void aCacheDirectoryWithoutWritePermissionCostsOneInfoLineAndNothingElse() throws Exception {
		Path cache = Files.createDirectories(this.dir.resolve("locked"));
		Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("---------"));
		try {
			if (!Files.isWritable(cache)) {
				assertOneLineAndServing(copyOfJar(), cache, "locked");
				return;
			}
			// Root writes anywhere: the daemon runs as nobody instead, as a unit's own user would.
			assumeTrue(Files.isExecutable(SETPRIV), "as root, and no " + SETPRIV + " to run the daemon as another user");
			Path jar = copyOfJar();
			// What nobody needs: to enter the test's directory, read the jar and the file, and write its pid file.
			Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			Path own = Files.createDirectory(this.dir.resolve("nobody"));
			Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxrwx"));
			assertOneLineAndServing(jar, cache, own.resolve("locked.pid"), "locked", SETPRIV.toString(),
					"--reuid=65534", "--regid=65534", "--clear-groups");
		}
		finally {
			Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
		}
	}

	private void assertOneLineAndServing(Path jar, Path cache, String tag) throws Exception {
		assertOneLineAndServing(jar, cache, this.dir.resolve(tag + ".pid"), tag);
	}

	/** @param asUser a command that runs the rest as another user, or nothing */
	private void assertOneLineAndServing(Path jar, Path cache, Path pid, String tag, String... asUser) throws Exception {
		int port = FreePorts.ipv4();
		Path file = webConfig(port, pid, tag);
		if (asUser.length > 0) {
			// Readable by the other user whatever this one's umask.
			for (Path readable : List.of(jar, file)) {
				Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
			}
		}

		List<String> wrapper = new ArrayList<>(List.of(asUser));
		wrapper.addAll(List.of("env", "PORTSPLIT_CACHE_DIR=" + cache));
		PortsplitProcess portsplit = launch(file).jar(jar).jvmOptions().pidFile(pid).under(wrapper.toArray(String[]::new))
			.daemon();
		assertThat(Clients.exchange(port, "GET /a")).isEqualTo(tag + ":GET /a");
		String line = portsplit.awaitStdoutLine(text -> text.contains("start-up cache"), TRAINING);

		assertThat(line).contains(" INFO ").contains("start-up cache: cannot write to " + cache);
		assertThat(Clients.exchange(port, "GET /b")).isEqualTo(tag + ":GET /b");
		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();
		assertThat(portsplit.stdoutLines(text -> text.contains("start-up cache"))).hasSize(1);
		assertThat(portsplit.output()).doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("Exception");
	}

	/** @return its command line */
	private List<String> assertUncachedAndServing(PortsplitProcess portsplit, Path jar, Path file, int port)
			throws Exception {
		List<String> command = commandLine(portsplit.pid());
		assertThat(command).containsSubsequence(DaemonJvm.OPTIONS)
			.containsSubsequence("-jar", jar.toString(), "--config=" + file)
			.anyMatch(argument -> argument.startsWith("-Dportsplit.cache.train="))
			.noneMatch(argument -> argument.startsWith("-XX:SharedArchiveFile"));
		assertThat(Clients.exchange(port, "GET /x")).isEqualTo("damaged:GET /x");
		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();
		assertThat(portsplit.output()).doesNotContain("[cds]").doesNotContain("[aot]").doesNotContain("shared archive");
		return command;
	}

	/**
	 * Waits until the entry is valid, watching the daemon's children meanwhile; returns the
	 * command line of the training run it saw, after checking that it ran niced.
	 */
	private List<String> awaitTrained(PortsplitProcess daemon, CacheEntry entry) throws IOException {
		CacheKey key = key(Path.of(commandLine(daemon.pid()).stream()
			.filter(argument -> argument.startsWith("-Dportsplit.jar="))
			.findFirst()
			.orElseThrow()
			.substring("-Dportsplit.jar=".length())));
		List<String>[] seen = new List[1];
		try {
			Awaitility.await().atMost(TRAINING).pollInterval(Duration.ofMillis(200)).until(() -> {
				daemon.assertAlive();
				for (ProcessHandle child : ProcessHandle.of(daemon.pid()).orElseThrow().children().toList()) {
					List<String> command;
					try {
						command = commandLine(child.pid());
					}
					catch (IOException ex) {
						continue; // a step that just ended
					}
					if (command.contains(CacheTraining.ARGUMENT)) {
						Optional<List<String>> stat = ChildProcesses.stat(child.pid());
						stat.ifPresent(fields -> assertThat(fields.get(16)).as("nice of the training run").isEqualTo("10"));
						seen[0] = command;
					}
				}
				return EntryValidation.isValid(entry, key);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no valid cache entry within " + TRAINING + "\n" + daemon.output() + "\n"
					+ (Files.exists(entry.log()) ? Files.readString(entry.log()) : "(no training log)"), ex);
		}
		assertThat(seen[0]).as("the training run was seen among the daemon's children").isNotNull();
		return seen[0];
	}

	/** Waits for the daemon's training run, the step that reads its standard input, and returns its pid. */
	private long awaitTrainingRun(PortsplitProcess daemon) {
		try {
			return Awaitility.await().atMost(TRAINING).pollInterval(Duration.ofMillis(100)).until(() -> {
				daemon.assertAlive();
				for (ProcessHandle child : ProcessHandle.of(daemon.pid()).orElseThrow().children().toList()) {
					try {
						List<String> command = commandLine(child.pid());
						if (command.contains(CacheTraining.ARGUMENT)
								&& command.stream().noneMatch(argument -> argument.equals("-XX:AOTMode=create"))) {
							return child.pid();
						}
					}
					catch (IOException ex) {
						// a step that just ended
					}
				}
				return null;
			}, child -> child != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no training run within " + TRAINING + "\n" + daemon.output(), ex);
		}
	}

	/** {@code bin/portsplit --prepare}, as an operator runs it; returns what it printed. */
	private String prepare(Path jar, Path cache) throws Exception {
		return prepare(jar, cache, Path.of(System.getProperty("java.home")));
	}

	private String prepare(Path jar, Path cache, Path javaHome) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh", Path.of("bin", "portsplit").toAbsolutePath().toString(),
				"--prepare");
		builder.environment().keySet().removeAll(DaemonJvm.OPTION_VARIABLES);
		builder.environment().put("PORTSPLIT_JAR", jar.toString());
		builder.environment().put("PORTSPLIT_CACHE_DIR", cache.toString());
		builder.environment().put("JAVA_HOME", javaHome.toString());
		Path output = this.dir.resolve("prepare.txt");
		Process prepare = builder.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.start();
		track(prepare.pid());
		if (!prepare.waitFor(TRAINING.toSeconds(), TimeUnit.SECONDS)) {
			throw new AssertionError("bin/portsplit --prepare did not finish within " + TRAINING + "\n"
					+ Files.readString(output));
		}
		assertThat(prepare.exitValue()).as(Files.readString(output)).isZero();
		return Files.readString(output);
	}

	/** One service, {@code [web]} for GET, to a backend that tags what it echoes with {@code tag}. */
	private Path webConfig(int port, Path pid, String tag) throws Exception {
		return config(bind(port) + "pid = " + pid + "\n" + connectService("web", backend(tag), "GET"));
	}

	/** {@code PORTSPLIT_CACHE_DIR=CACHE java -jar JAR --config=FILE}, once its pid file says every bind listens. */
	private PortsplitProcess plain(Path jar, Path file, Path pid, Path cache) throws IOException {
		return launch(file).jar(jar).jvmOptions().pidFile(pid).under("env", "PORTSPLIT_CACHE_DIR=" + cache).daemon();
	}

	private Path copyOfJar() throws IOException {
		Path copy = this.dir.resolve("portsplit.jar");
		if (!Files.exists(copy)) {
			Files.copy(PortsplitProcess.jar(), copy);
		}
		return copy;
	}

	/** The daemons run on this JVM's java: the key is the same as theirs. */
	private static CacheKey key(Path jar) throws IOException {
		return CacheKey.of(jar, System.getProperties(), DaemonJvm.OPTIONS);
	}

	private static CacheEntry expectedEntry(Path jar, Path cache) throws IOException {
		return CacheEntry.of(cache, key(jar), ArchiveKind.current());
	}

	/** The one entry in {@code cache}, whatever JVM made it. */
	private static CacheEntry onlyEntry(Path cache, ArchiveKind kind) throws IOException {
		try (var entries = Files.list(cache)) {
			List<Path> ids = entries.filter(path -> CacheKey.isId(path.getFileName().toString())).toList();
			assertThat(ids).hasSize(1);
			return new CacheEntry(cache, ids.get(0).getFileName().toString(), kind);
		}
	}

	private static List<String> commandLine(long pid) throws IOException {
		String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
				StandardCharsets.UTF_8);
		return List.of(raw.split("\0"));
	}
}
