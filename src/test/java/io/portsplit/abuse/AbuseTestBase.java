package io.portsplit.abuse;

import java.nio.file.Path;

import org.junit.jupiter.api.Timeout;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

/**
 * For the suites of TESTING.md "Reliability under abuse": the packaged jar, abused over loopback,
 * then measured through {@code /proc} and {@code jcmd} ({@link Baseline}). Its connection log
 * stays on, as an operator runs it, so the abuse goes through the same code as in production.
 */
@Timeout(value = Waits.ABUSE_TEST_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class AbuseTestBase extends PortsplitTestBase {

	/**
	 * portsplit on {@code port} with {@code globals} and then {@code services}, once its whole start
	 * is over (the management side too): the suites' idle baselines are taken right after.
	 */
	PortsplitProcess abused(int port, String globals, String services) throws Exception {
		return abusedUnder(new String[0], port, globals, services);
	}

	/**
	 * Like {@link #abused}, with the management server on {@code managementPort} of loopback, for a
	 * scenario that reads its metrics: its threads and descriptors are then part of what the
	 * daemon holds when idle.
	 */
	PortsplitProcess abusedWithManagement(int port, int managementPort, String globals, String services)
			throws Exception {
		Path pid = this.dir.resolve("portsplit-" + port + ".pid");
		PortsplitProcess portsplit = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + globals + services)
			.pidFile(pid)
			.args("--server.port=" + managementPort)
			.shortIdleThreads()
			.daemon();
		portsplit.awaitStarted();
		return portsplit;
	}

	/**
	 * Like {@link #abused}, with java started by {@code wrapper} (see {@code Launch.under}). No
	 * management server: its threads and descriptors would only add to the counts. Idle task
	 * threads end after {@link Waits#IDLE_THREADS}, so that the thread count is back to idle
	 * soon after the abuse.
	 */
	PortsplitProcess abusedUnder(String[] wrapper, int port, String globals, String services) throws Exception {
		Path pid = this.dir.resolve("portsplit-" + port + ".pid");
		PortsplitProcess portsplit = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid) + globals + services)
			.pidFile(pid)
			.withoutManagement()
			.shortIdleThreads()
			.under(wrapper)
			.daemon();
		portsplit.awaitStarted();
		return portsplit;
	}
}
