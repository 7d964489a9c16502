package io.portsplit.support;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * For black-box suites that run the packaged jar. Processes, backends and sockets started
 * through it are closed after each test (processes killed if still running).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class ProcessTestBase {

	@TempDir
	protected Path dir;

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	protected <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.push(resource);
		return resource;
	}

	/** Runs the jar with exactly {@code args}, in the test's directory. */
	protected PortsplitProcess run(String... args) throws Exception {
		return closeLater(PortsplitProcess.run(this.dir, args));
	}

	/** Runs the jar as a daemon ({@code args} plus {@link PortsplitProcess#DEFAULT_ARGS}). */
	protected PortsplitProcess daemon(String... args) throws Exception {
		return closeLater(PortsplitProcess.daemon(this.dir, args));
	}

	protected TestBackend backend(String tag) throws Exception {
		return closeLater(TestBackend.tagging(tag));
	}

	protected Path config(String text) {
		return ConfigFiles.write(this.dir, text);
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
