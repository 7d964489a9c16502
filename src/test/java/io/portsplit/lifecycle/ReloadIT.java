package io.portsplit.lifecycle;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Signals and lifecycle" SIGHUP on the packaged jar: the same file is read again; a valid one applies to
 * new connections at once, starts added binds and stops removed ones; an invalid one, or
 * one whose new bind cannot be opened, is reported and changes nothing.
 */
class ReloadIT extends PortsplitTestBase {

	private TestBackend one;

	private TestBackend two;

	private PortsplitProcess daemon;

	@Test
	void newPatternsAndNewBackendsApplyToNewConnectionsAtOnce() throws Exception {
		this.one = backend("one");
		this.two = backend("two");
		int port = FreePorts.ipv4();
		String head = ConfigFiles.bind(port) + ConfigFiles.pidLine(this.dir.resolve("portsplit.pid"));
		startWith(head + ConfigFiles.connectService("svc", this.one, "HELLO"));
		assertThat(Probes.request(port, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.request(port, "HOWDY")).isEmpty();

		// A new pattern: the new one routes, the old one no longer does.
		this.daemon.rewrite(head + ConfigFiles.connectService("svc", this.one, "HOWDY"));
		this.daemon.reload();
		assertThat(Probes.request(port, "HOWDY")).isEqualTo("one:HOWDY");
		assertThat(Probes.request(port, "HELLO")).isEmpty();

		// A new backend for the same service.
		this.daemon.rewrite(head + ConfigFiles.connectService("svc", this.two, "HOWDY"));
		this.daemon.reload();
		assertThat(Probes.request(port, "HOWDY")).isEqualTo("two:HOWDY");
		assertThat(this.one.acceptedCount()).isEqualTo(2);
	}

	@Test
	void addedBindStartsAndRemovedBindStopsWhileTheUnchangedOneServesOn() throws Exception {
		this.one = backend("one");
		int kept = FreePorts.ipv4();
		int removed = FreePorts.ipv4();
		int added = FreePorts.ipv4();
		String rest = ConfigFiles.pidLine(this.dir.resolve("portsplit.pid"))
				+ ConfigFiles.connectService("svc", this.one, "HELLO");
		startWith(ConfigFiles.bind(kept) + ConfigFiles.bind(removed) + rest);
		assertThat(Probes.request(removed, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.isRefused(added)).isTrue();

		this.daemon.rewrite(ConfigFiles.bind(kept) + ConfigFiles.bind(added) + rest);
		this.daemon.reload();

		assertThat(Probes.request(added, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.isRefused(removed)).isTrue();
		assertThat(Probes.request(kept, "HELLO")).isEqualTo("one:HELLO");
	}

	@Test
	void clientWaitingForItsDecisionOnARemovedBindIsStillServed() throws Exception {
		this.one = backend("one");
		int kept = FreePorts.ipv4();
		int removed = FreePorts.ipv4();
		// No decision timeout: the client may take as long as the reload.
		String rest = "timeout = 0\n" + ConfigFiles.pidLine(this.dir.resolve("portsplit.pid"))
				+ ConfigFiles.connectService("svc", this.one, "HELLO");
		startWith(ConfigFiles.bind(kept) + ConfigFiles.bind(removed) + rest,
				// The listener's own debug line says when it has accepted the client.
				"--logging.level.io.portsplit.listen.BindListener=DEBUG");
		Socket client = closeLater(Clients.connect(removed));
		client.getOutputStream().write(Clients.ascii("HE"));
		this.daemon.awaitStdoutLine(
				line -> line.contains("Accepted connection from 127.0.0.1:" + client.getLocalPort()), Waits.SIGNAL);

		this.daemon.rewrite(ConfigFiles.bind(kept) + rest);
		this.daemon.reload();
		assertThat(Probes.isRefused(removed)).isTrue();

		client.getOutputStream().write(Clients.ascii("LLO"));
		client.shutdownOutput();
		assertThat(Clients.text(Clients.readAll(client))).isEqualTo("one:HELLO");
	}

	@Test
	void invalidFileIsReportedWithFileAndLineAndTheRunningConfigurationStays() throws Exception {
		this.one = backend("one");
		this.two = backend("two");
		int port = FreePorts.ipv4();
		int added = FreePorts.ipv4();
		String head = ConfigFiles.bind(port) + ConfigFiles.pidLine(this.dir.resolve("portsplit.pid"));
		startWith(head + ConfigFiles.connectService("svc", this.one, "HELLO"));
		String file = this.daemon.configFile().toString();

		// A syntax error on line 7, after a new bind, pattern and backend that must not apply.
		this.daemon.rewrite(head + ConfigFiles.bind(added) + ConfigFiles.connectService("svc", this.two, "HOWDY")
				+ "this line has no equals sign\n");
		assertThat(this.daemon.reloadExpectingFailure()).contains(file + ":7:");
		assertUnchanged(port, added);

		// A semantic error on line 2.
		this.daemon.rewrite(head.replace("pid = ", "maxconn = 0\npid = ") + ConfigFiles.bind(added)
				+ ConfigFiles.connectService("svc", this.two, "HOWDY"));
		assertThat(this.daemon.reloadExpectingFailure()).contains(file + ":2:", "maxconn");
		assertUnchanged(port, added);

		// Fixed: it applies.
		this.daemon.rewrite(head + ConfigFiles.bind(added) + ConfigFiles.connectService("svc", this.two, "HOWDY"));
		this.daemon.reload();
		assertThat(Probes.request(added, "HOWDY")).isEqualTo("two:HOWDY");
		assertThat(Probes.request(port, "HELLO")).isEmpty();
	}

	@Test
	void bindThatCannotBeOpenedOnReloadIsReportedAndChangesNothing() throws Exception {
		this.one = backend("one");
		this.two = backend("two");
		int port = FreePorts.ipv4();
		int removed = FreePorts.ipv4();
		String pid = ConfigFiles.pidLine(this.dir.resolve("portsplit.pid"));
		startWith(ConfigFiles.bind(port) + ConfigFiles.bind(removed) + pid
				+ ConfigFiles.connectService("svc", this.one, "HELLO"));
		ServerSocket squatter = closeLater(new ServerSocket());
		squatter.bind(new InetSocketAddress(FreePorts.IPV4, 0));
		int taken = squatter.getLocalPort();
		String wanted = ConfigFiles.bind(port) + ConfigFiles.bind(taken) + pid
				+ ConfigFiles.connectService("svc", this.two, "HOWDY");

		this.daemon.rewrite(wanted);
		assertThat(this.daemon.reloadExpectingFailure()).contains("127.0.0.1:" + taken);

		// The old services and both old binds, the one the new file drops included.
		assertThat(Probes.request(port, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.request(removed, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.request(port, "HOWDY")).isEmpty();

		// Once the address is free, the same file applies.
		squatter.close();
		this.daemon.reload();
		assertThat(Probes.request(taken, "HOWDY")).isEqualTo("two:HOWDY");
		assertThat(Probes.isRefused(removed)).isTrue();
	}

	private void assertUnchanged(int port, int added) throws Exception {
		assertThat(this.daemon.isAlive()).isTrue();
		assertThat(Probes.request(port, "HELLO")).isEqualTo("one:HELLO");
		assertThat(Probes.request(port, "HOWDY")).isEmpty();
		assertThat(Probes.isRefused(added)).isTrue();
		assertThat(this.two.acceptedCount()).isZero();
	}

	private void startWith(String config, String... extraArgs) throws Exception {
		this.daemon = launch(config).pidFile(this.dir.resolve("portsplit.pid")).args(extraArgs).daemon();
	}
}
