package io.portsplit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.portsplit.PortsplitLauncher;
import io.portsplit.config.ConfigLoader;

/**
 * One start of portsplit on one configuration file, in this JVM ({@link #inProcess()}) or as
 * the packaged jar in a process of its own ({@link #start()}, {@link #daemon()}), with the
 * same default arguments either way. Made by {@link PortsplitTestBase#launch}, which closes
 * whatever it starts after the test.
 * <p>
 * The defaults: the management server on a free port ({@code --server.port=0}), since the
 * machine is shared; and, in this JVM, where portsplit's log is the build's output, only its
 * warnings and errors. The packaged jar logs as shipped, to files the tests read.
 * An argument given here replaces a default of the same name.
 *
 * <pre>
 * portsplit(configText)                                   // in this JVM: the common case
 * launch(configText).args("--portsplit.metrics.enabled=false").inProcess()
 * launch(configText).pidFile(pid).daemon()                // the jar, once every bind listens
 * launch(file).naming("--check", "FILE").exactly().start() // the jar's command line as it is
 * </pre>
 */
public final class Launch {

	/**
	 * Start-up flags only (quicker on two busy cores; Serial GC is what {@code jcmd GC.heap_info}
	 * readings expect). Any JVM option also makes the jar keep the JVM it was started on.
	 */
	static final List<String> QUICK_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private static final List<String> MANAGEMENT_ON_A_FREE_PORT = List.of("--server.port=0");

	private static final List<String> QUIET = List.of("--logging.level.portsplit.connections=WARN",
			"--logging.level.io.portsplit=WARN");

	private final Path dir;

	private final Path configFile;

	private final Consumer<AutoCloseable> closeLater;

	private final List<String> args = new ArrayList<>();

	private List<String> fileForm = List.of("--config=FILE");

	private boolean defaults = true;

	private boolean quiet = true;

	private Path pidFile;

	private List<String> jvmOptions = QUICK_JVM;

	private boolean packagedOnly;

	private Path jar;

	private List<String> wrapper = List.of();

	private Path java;

	Launch(Path dir, Path configFile, Consumer<AutoCloseable> closeLater) {
		this.dir = dir;
		this.configFile = configFile.toAbsolutePath();
		this.closeLater = closeLater;
	}

	/** Spring arguments ({@code --name=value}) after the defaults; one of the same name replaces its default. */
	public Launch args(String... springArgs) {
		this.args.addAll(List.of(springArgs));
		return this;
	}

	/** No management server ({@code --server.port=-1}): its threads and sockets stay out of what a test counts. */
	public Launch withoutManagement() {
		return args("--server.port=-1");
	}

	/** In this JVM too, portsplit logs as shipped (connection lines, start-up lines). */
	public Launch withLogs() {
		this.quiet = false;
		return this;
	}

	/** Idle task threads end after {@link Waits#IDLE_THREADS}, for a test that waits for the idle thread count. */
	public Launch shortIdleThreads() {
		return args("--portsplit.threads.idle-timeout=" + Waits.IDLE_THREADS.toMillis() + "ms");
	}

	/** How long an exec program has between SIGHUP and SIGKILL. */
	public Launch hangupGrace(Duration grace) {
		return args("--portsplit.exec.hangup-grace=" + grace.toMillis() + "ms");
	}

	/**
	 * How the jar's command line names the file, {@code FILE} standing for its path:
	 * {@code "FILE"}, {@code "--check", "FILE"}; {@code --config=FILE} unless told.
	 */
	public Launch naming(String... form) {
		this.fileForm = List.of(form);
		this.packagedOnly = true;
		return this;
	}

	/** The jar with exactly the file's form and {@link #args}, no default: for the command line's own checks. */
	public Launch exactly() {
		this.defaults = false;
		this.packagedOnly = true;
		return this;
	}

	/** The pid file the configuration names: {@link #daemon()} is ready once it is written. */
	public Launch pidFile(Path pidFile) {
		this.pidFile = pidFile;
		this.packagedOnly = true;
		return this;
	}

	/** The JVM's options instead of the quick start-up flags; none at all is the operator's plain form. */
	public Launch jvmOptions(String... options) {
		this.jvmOptions = List.of(options);
		this.packagedOnly = true;
		return this;
	}

	/** Another JVM than the one running the tests (its {@code bin/java}). */
	public Launch java(Path java) {
		this.java = java;
		this.packagedOnly = true;
		return this;
	}

	/** Another copy of the packaged jar. */
	public Launch jar(Path jar) {
		this.jar = jar;
		this.packagedOnly = true;
		return this;
	}

	/**
	 * Starts java through {@code wrapper} (for example {@code sh -c 'ulimit -n 256 && exec "$@"' sh}),
	 * which must exec java, so that the process's pid is java's.
	 */
	public Launch under(String... wrapper) {
		this.wrapper = List.of(wrapper);
		this.packagedOnly = true;
		return this;
	}

	/** Starts portsplit in this JVM, as {@code Main} does once the file has been read; returns once it listens. */
	public RunningPortsplit inProcess() throws Exception {
		if (this.packagedOnly) {
			throw new IllegalStateException("a command line, a JVM, a jar or a pid file is for the packaged jar only");
		}
		RunningPortsplit portsplit = new RunningPortsplit(
				PortsplitLauncher.start(ConfigLoader.load(this.configFile), springArgs(this.quiet)), this.configFile);
		this.closeLater.accept(portsplit);
		return portsplit;
	}

	/** Starts the packaged jar and returns at once. */
	public PortsplitProcess start() throws IOException {
		List<String> commandLine = new ArrayList<>();
		for (String part : this.fileForm) {
			commandLine.add(part.replace("FILE", this.configFile.toString()));
		}
		commandLine.addAll(this.defaults ? springArgs(false) : this.args);
		List<String> jvm = this.jvmOptions;
		if (jvm == QUICK_JVM) {
			// A daemon the test ends with SIGKILL leaves its temporary files: they go with the test's directory.
			jvm = new ArrayList<>(QUICK_JVM);
			jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(this.dir.resolve("tmp")));
		}
		PortsplitProcess process = PortsplitProcess.start(this.dir, this.wrapper, this.java, jvm,
				(this.jar != null) ? this.jar : PortsplitProcess.jar(), commandLine, this.configFile, this.pidFile);
		this.closeLater.accept(process);
		return process;
	}

	/** Starts the packaged jar and waits until it is ready: its {@link #pidFile} written, every bind listening. */
	public PortsplitProcess daemon() throws IOException {
		if (this.pidFile == null) {
			throw new IllegalStateException("a daemon is ready once its pid file is written: name it with pidFile()");
		}
		PortsplitProcess process = start();
		process.awaitReady();
		return process;
	}

	/** The defaults, then the test's arguments; a name given twice keeps its first place and its last value. */
	private List<String> springArgs(boolean quietLogs) {
		List<String> given = new ArrayList<>(MANAGEMENT_ON_A_FREE_PORT);
		if (quietLogs) {
			given.addAll(QUIET);
		}
		given.addAll(this.args);
		Map<String, String> byName = new LinkedHashMap<>();
		for (String arg : given) {
			int equals = arg.indexOf('=');
			byName.put((equals > 0) ? arg.substring(0, equals) : arg, arg);
		}
		return List.copyOf(byName.values());
	}
}
