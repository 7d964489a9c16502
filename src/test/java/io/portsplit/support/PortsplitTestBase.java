package io.portsplit.support;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every suite that runs portsplit, in this JVM or as the packaged jar, against real
 * backends and clients on loopback, or that starts programs of its own. It owns the test's
 * directory, and after each test closes everything the test started through it, most recent
 * first, then kills whatever process of this JVM's is still running (programs, portsplit
 * processes and their children), so a failing test leaves nothing behind. Each test is
 * bounded, so a hang fails instead of stalling the build.
 */
@Timeout(value = Waits.TEST_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class PortsplitTestBase {

	@TempDir
	protected Path dir;

	/** Programs whose pid a test has learnt, killed after it even once they are no longer this JVM's descendants. */
	protected final ChildProcesses children = new ChildProcesses();

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	/** Closes {@code resource} after the test, before anything registered earlier. */
	protected <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.push(resource);
		return resource;
	}

	/** Writes {@code text} to a new configuration file in the test's directory. */
	protected Path config(String text) {
		return ConfigFiles.write(this.dir, text);
	}

	/** A start of portsplit on a new file holding {@code configText}; see {@link Launch} for the ways to start it. */
	protected Launch launch(String configText) {
		return launch(config(configText));
	}

	/** A start of portsplit on {@code configFile}, which need not exist (for a test of that failure). */
	protected Launch launch(Path configFile) {
		return new Launch(this.dir, configFile, this::closeLater);
	}

	/** portsplit in this JVM on {@code configText}, with the defaults: the common case. */
	protected RunningPortsplit portsplit(String configText) throws Exception {
		return launch(configText).inProcess();
	}

	/** A backend that speaks first with {@code TAG:} and echoes (see {@link TestBackend#tagging(String)}). */
	protected TestBackend backend(String tag) throws Exception {
		return closeLater(TestBackend.tagging(tag));
	}

	protected TestBackend backend(TestBackend.Handler handler) throws Exception {
		return closeLater(TestBackend.start(handler));
	}

	/** Remembers a program's pid, to kill it after the test if it still runs. */
	protected long track(long pid) {
		this.children.track(pid);
		return pid;
	}

	@AfterEach
	void closeEverythingStarted() throws Exception {
		Exception first = null;
		while (!this.resources.isEmpty()) {
			try {
				this.resources.pop().close();
			}
			catch (Exception ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		this.children.close();
		if (first != null) {
			throw first;
		}
	}
}
