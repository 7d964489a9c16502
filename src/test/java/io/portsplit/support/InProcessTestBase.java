package io.portsplit.support;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * For suites that run portsplit in this JVM against real backends on loopback. Every
 * backend, client and portsplit started through it is closed after each test, most
 * recent first. Each test is bounded so that a hang fails instead of stalling the build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class InProcessTestBase {

	@TempDir
	protected Path dir;

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	/** Closes {@code resource} after the test (before anything registered earlier). */
	protected <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.push(resource);
		return resource;
	}

	protected TestBackend backend(String tag) throws Exception {
		return closeLater(TestBackend.tagging(tag));
	}

	protected TestBackend backend(TestBackend.Handler handler) throws Exception {
		return closeLater(TestBackend.start(handler));
	}

	/** Writes {@code configText} to a file and starts portsplit on it. */
	protected RunningPortsplit portsplit(String configText) throws Exception {
		return closeLater(RunningPortsplit.start(ConfigFiles.write(this.dir, configText)));
	}

	@AfterEach
	void closeResources() throws Exception {
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
		if (first != null) {
			throw first;
		}
	}
}
