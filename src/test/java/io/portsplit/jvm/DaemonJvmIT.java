package io.portsplit.jvm;

import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.IgnoredHangup;
import io.portsplit.support.Jdks;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/**
 * The operator's plain {@code java -jar portsplit.jar}: the process goes on as the same
 * pid on the daemon's JVM options, and is still the daemon of every other suite (serves,
 * reloads on SIGHUP, exits 0 on SIGTERM, exits 2 on a bad file). A copy of the jar in the
 * test's directory and a start-up cache there too, so that each test is a first start.
 */
class DaemonJvmIT extends PortsplitTestBase {

	/** Portsplit's own library path, set before JNA's first look-up: JNA computes one from ldconfig -p otherwise. */
	private static final String LIBRARY_PATH_OPTION = "-D" + DaemonJvm.LIBRARY_PATH_PROPERTY + "="
			+ DaemonJvm.STANDARD_LIBRARY_DIRECTORIES;

	@Test
	void plainJavaJarGoesOnAsTheSamePidWithTheDaemonOptionsAndStillServesReloadsAndStops() throws Exception {
		Path jar = copyOfJar();
		TestBackend after = backend("after");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("plain.pid");
		Path file = webConfig(port, pid, "before");
		PortsplitProcess portsplit = daemon(jar, file, pid);

		assertSwitchedInPlace(portsplit, pid, jar, file)
			.noneMatch(argument -> argument.startsWith("-XX:SharedArchiveFile"))
			.contains(LIBRARY_PATH_OPTION);
		assertThat(Clients.exchange(port, "GET /a")).isEqualTo("before:GET /a");

		ConfigFiles.overwrite(file, bind(port) + "pid = " + pid + "\n" + connectService("web", after, "GET"));
		portsplit.signal("HUP");
		portsplit.awaitStdoutLine(line -> line.contains("reloaded " + file), Waits.SIGNAL);
		assertThat(Clients.exchange(port, "GET /b")).isEqualTo("after:GET /b");

		portsplit.signal("TERM");
		assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
		assertThat(pid).doesNotExist();
		assertThat(portsplit.output()).doesNotContain("could not restart").doesNotContain(" ERROR ");
	}

	@Test
	void aSighupIgnoredByWhateverStartedThePlainFormStaysIgnoredThroughTheSwitch() throws Exception {
		Path jar = copyOfJar();
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("nohup.pid");
		Path file = webConfig(port, pid, "nohup");
		PortsplitProcess portsplit = launch(file).jar(jar).jvmOptions().pidFile(pid)
			.under(IgnoredHangup.wrapper(withTestCache())).daemon();

		assertThat(commandLine(portsplit.pid())).containsSubsequence(DaemonJvm.OPTIONS);
		IgnoredHangup.assertStaysIgnored(portsplit, port, "GET /n", "nohup:GET /n");
	}

	@Test
	void onJdk25AndLaterThePlainFormSwitchesTheSameWay() throws Exception {
		Optional<Path> java = Jdks.javaOfAtLeast(ArchiveKind.AOT_CACHE_FEATURE);
		assumeTrue(java.isPresent(), "no JDK 25 or later on this machine");
		Path jar = copyOfJar();
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("newer.pid");
		Path file = webConfig(port, pid, "newer");
		PortsplitProcess portsplit = launch(file).java(java.get()).jar(jar).jvmOptions().pidFile(pid)
			.under(withTestCache()).daemon();

		assertSwitchedInPlace(portsplit, pid, jar, file).startsWith(java.get().toString())
			.contains(LIBRARY_PATH_OPTION);
		assertThat(Clients.exchange(port, "GET /f")).isEqualTo("newer:GET /f");
		portsplit.signal("TERM");
		assertThat(portsplit.awaitExit(Waits.SIGNAL)).as(portsplit.output()).isZero();
		assertThat(portsplit.output()).doesNotContain("could not restart").doesNotContain("WARNING")
			.doesNotContain(" ERROR ");
	}

	/**
	 * The first stage's class loader, the jar's {@code BOOT-INF/classes} and {@code BOOT-INF/jna}
	 * and nothing of this JVM's class path: the switch's libc calls bind and work from it, with
	 * the JNA version the daemon's nested jar has.
	 */
	@Test
	void theFirstStagesClassLoaderHasTheSwitchAndJnaWithoutTheLauncher() throws Exception {
		Path jar = PortsplitProcess.jar();
		String nested;
		try (JarFile file = new JarFile(jar.toFile())) {
			nested = file.stream().map(JarEntry::getName)
				.filter(name -> name.matches("BOOT-INF/lib/jna-[0-9][^/]*\\.jar"))
				.findFirst().orElseThrow();
		}
		String inJar = "jar:" + jar.toUri() + "!/BOOT-INF/";
		try (URLClassLoader loader = new URLClassLoader(new URL[] { new URL(inJar + "classes/"), new URL(inJar + "jna/") },
				ClassLoader.getPlatformClassLoader())) {
			Class<?> jna = loader.loadClass("com.sun.jna.Native");
			assertThat(jna.getProtectionDomain().getCodeSource().getLocation().toString()).endsWith("!/BOOT-INF/jna/");
			Field version = jna.getField("VERSION"); // declared by a package-private interface
			version.setAccessible(true);
			assertThat(nested).isEqualTo("BOOT-INF/lib/jna-" + version.get(null) + ".jar");

			// JNA's native library comes from the loader's resources, as in the first stage.
			Class<?> nativeCalls = loader.loadClass(NativeCalls.class.getName());
			Method load = nativeCalls.getDeclaredMethod("load");
			load.setAccessible(true);
			Object calls = load.invoke(null);
			Method openToRead = nativeCalls.getDeclaredMethod("openToRead", String.class);
			Method close = nativeCalls.getDeclaredMethod("close", int.class);
			openToRead.setAccessible(true);
			close.setAccessible(true);
			int fd = (int) openToRead.invoke(calls, "/proc/self/status");
			assertThat(fd).isGreaterThan(2);
			try {
				assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))))
					.isEqualTo(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "status"));
			}
			finally {
				close.invoke(calls, fd);
			}
		}
	}

	/** What the first stage cannot do, here for want of its JNA, {@code Start} does after Spring Boot's launcher. */
	@Test
	void withoutTheFirstStagesJnaTheSwitchHappensAfterTheLauncher() throws Exception {
		Path jar = copyOfJarWithout("BOOT-INF/jna/");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("late.pid");
		Path file = webConfig(port, pid, "late");
		PortsplitProcess portsplit = daemon(jar, file, pid);

		assertSwitchedInPlace(portsplit, pid, jar, file);
		assertThat(Clients.exchange(port, "GET /l")).isEqualTo("late:GET /l");
		assertThat(portsplit.stopWith("TERM")).as(portsplit.output()).isZero();
		assertThat(portsplit.output()).doesNotContain("could not restart").doesNotContain(" ERROR ");
	}

	@Test
	void theJarStartsAtItsFirstStageWhichHandsOverToSpringBootsLauncher() throws IOException {
		try (JarFile jar = new JarFile(PortsplitProcess.jar().toFile())) {
			Attributes manifest = jar.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Main-Class")).isEqualTo("io.portsplit.FirstStage");
			assertThat(manifest.getValue("Start-Class")).isEqualTo("io.portsplit.Start");
			assertThat(jar.getEntry("io/portsplit/FirstStage.class")).as("at the jar's root").isNotNull();
			assertThat(jar.getEntry("org/springframework/boot/loader/launch/JarLauncher.class")).isNotNull();
			assertThat(jar.getEntry("BOOT-INF/classes/io/portsplit/jvm/DaemonJvm.class")).isNotNull();
		}
	}

	@Test
	void aJvmOptionOfTheOperatorsKeepsTheJvmAsStarted() throws Exception {
		Path jar = copyOfJar();
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("kept.pid");
		Path file = webConfig(port, pid, "kept");
		PortsplitProcess portsplit = daemon(jar, file, pid, "-Xmx200m");

		assertThat(commandLine(portsplit.pid())).startsWith(javaCommand(), "-Xmx200m", "-jar", jar.toString())
			.doesNotContain("-XX:+UseSerialGC");
		assertThat(Clients.exchange(port, "GET /c")).isEqualTo("kept:GET /c");
	}

	@Test
	void aBadFileStillExitsTwoWithItsOneLineAfterTheRestart() throws Exception {
		Path file = config(bind(FreePorts.ipv4()) + "[web]\nstrng = GET\nconnect = 127.0.0.1:9\n");
		PortsplitProcess portsplit = launch(file).jar(copyOfJar()).jvmOptions().under(withTestCache()).start();

		assertThat(portsplit.awaitExit(Waits.START)).as(portsplit.output()).isEqualTo(2);
		assertThat(portsplit.stderr().strip()).startsWith("portsplit: " + file + ":3: unknown option 'strng'")
			.doesNotContain("\n");
	}

	/** One service, {@code [web]} for GET, to a backend that tags what it echoes with {@code tag}. */
	private Path webConfig(int port, Path pid, String tag) throws Exception {
		return config(bind(port) + "pid = " + pid + "\n" + connectService("web", backend(tag), "GET"));
	}

	/** {@code java JVM-OPTIONS -jar JAR --config=FILE}, once its pid file says every bind listens. */
	private PortsplitProcess daemon(Path jar, Path file, Path pid, String... jvmOptions) throws IOException {
		return launch(file).jar(jar).jvmOptions(jvmOptions).pidFile(pid).under(withTestCache()).daemon();
	}

	/** The start-up cache in the test's directory, not the user's (StartCacheIT is about the cache). */
	private String[] withTestCache() {
		return new String[] { "env", "PORTSPLIT_CACHE_DIR=" + this.dir.resolve("cache") };
	}

	private Path copyOfJar() throws IOException {
		Path copy = this.dir.resolve("portsplit.jar");
		if (!Files.exists(copy)) {
			Files.copy(PortsplitProcess.jar(), copy);
		}
		return copy;
	}

	/** The jar less the entries under {@code prefix}, each other entry as it was (nested jars stay stored). */
	private Path copyOfJarWithout(String prefix) throws IOException {
		Path copy = this.dir.resolve("portsplit-without.jar");
		try (JarFile jar = new JarFile(PortsplitProcess.jar().toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
			for (JarEntry entry : jar.stream().toList()) {
				if (entry.getName().startsWith(prefix)) {
					continue;
				}
				ZipEntry copied = new ZipEntry(entry);
				if (copied.getMethod() == ZipEntry.DEFLATED) {
					copied.setCompressedSize(-1);
				}
				out.putNextEntry(copied);
				try (InputStream in = jar.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
		try (JarFile check = new JarFile(copy.toFile())) {
			assertThat(check.stream().map(JarEntry::getName)).noneMatch(name -> name.startsWith(prefix))
				.contains("io/portsplit/FirstStage.class");
		}
		return copy;
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The switch happened in place: the pid file names the pid that was started, whose command
	 * line is now the daemon JVM's, on the same jar and file.
	 */
	private static ListAssert<String> assertSwitchedInPlace(PortsplitProcess portsplit, Path pid, Path jar, Path file)
			throws IOException {
		assertThat(Files.readString(pid).trim()).isEqualTo(Long.toString(portsplit.pid()));
		return assertThat(commandLine(portsplit.pid())).containsSubsequence(DaemonJvm.OPTIONS)
			.containsSubsequence("-jar", jar.toString(), "--config=" + file);
	}

	private static List<String> commandLine(long pid) throws IOException {
		String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
				StandardCharsets.UTF_8);
		return List.of(raw.split("\0"));
	}
}
