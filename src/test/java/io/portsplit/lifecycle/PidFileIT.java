package io.portsplit.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.support.ConfigFiles;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Global options" and "Signals and lifecycle", {@code pid}: written once every bind listens, holding the process id;
 * rewritten on reload; removed at a normal exit if it is still ours; and a symbolic link
 * planted at its path is replaced, never followed.
 */
class PidFileIT extends PortsplitTestBase {

	private TestBackend backend;

	private PortsplitProcess daemon;

	@Test
	void writtenOnceEveryBindListensAndRemovedAtStop() throws Exception {
		this.backend = backend("b");
		int first = FreePorts.ipv4();
		int second = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(ConfigFiles.bind(first) + ConfigFiles.bind(second) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO")).pidFile(pid).daemon();

		assertThat(this.daemon.pidFileContent()).isEqualTo(Long.toString(this.daemon.pid()));
		assertThat(Files.readString(pid, StandardCharsets.US_ASCII)).endsWith("\n");
		// Written after the binds: both serve as soon as it exists.
		assertThat(Probes.request(first, "HELLO")).isEqualTo("b:HELLO");
		assertThat(Probes.request(second, "HELLO")).isEqualTo("b:HELLO");
		// README "Signals and lifecycle" order: binds, pid file, then one line per bind and service.
		this.daemon.awaitStdoutLine(line -> line.contains("service [echo]"), Waits.SIGNAL);
		String out = this.daemon.stdout();
		assertThat(out.indexOf("wrote pid file")).isPositive()
			.isLessThan(out.indexOf("listening on 127.0.0.1:" + first))
			.isLessThan(out.indexOf("listening on 127.0.0.1:" + second))
			.isLessThan(out.indexOf("[echo]"));
		// No temporary file is left beside it.
		try (var files = Files.list(this.dir)) {
			assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pid")))
				.containsExactly("portsplit.pid");
		}

		assertThat(this.daemon.stopWith("TERM")).isZero();
		assertThat(pid).doesNotExist();
	}

	@ParameterizedTest(name = "link to an {0} file")
	@ValueSource(strings = { "existing", "absent" })
	void symlinkPlantedAtThePidPathIsReplacedAndNotFollowed(String victimState) throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path victim = this.dir.resolve("victim.txt");
		if (victimState.equals("existing")) {
			Files.writeString(victim, "precious data\n");
		}
		Path pid = this.dir.resolve("portsplit.pid");
		Files.createSymbolicLink(pid, victim);
		this.daemon = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO")).pidFile(pid).daemon();

		assertThat(Files.isSymbolicLink(pid)).isFalse();
		assertThat(Files.isRegularFile(pid, LinkOption.NOFOLLOW_LINKS)).isTrue();
		assertThat(this.daemon.pidFileContent()).isEqualTo(Long.toString(this.daemon.pid()));
		assertVictimUntouched(victim, victimState);

		assertThat(this.daemon.stopWith("TERM")).isZero();
		assertThat(pid).doesNotExist();
		assertVictimUntouched(victim, victimState);
	}

	@Test
	void rewrittenOnReloadMovedWhenTheSettingChangesAndRemovedWhenItGoes() throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path first = this.dir.resolve("first.pid");
		Path second = this.dir.resolve("second.pid");
		String rest = ConfigFiles.bind(port) + ConfigFiles.connectService("echo", this.backend, "HELLO");
		this.daemon = launch(ConfigFiles.pidLine(first) + rest).pidFile(first).daemon();
		String pid = Long.toString(this.daemon.pid());

		// Same setting: written again, even if an operator deleted it.
		Files.delete(first);
		this.daemon.reload();
		assertThat(trimmedContent(first)).isEqualTo(pid);

		// New path: the new file is written and the old one goes.
		this.daemon.rewrite(ConfigFiles.pidLine(second) + rest);
		this.daemon.reload();
		assertThat(trimmedContent(second)).isEqualTo(pid);
		assertThat(first).doesNotExist();

		// No pid option any more: no pid file.
		this.daemon.rewrite(rest);
		this.daemon.reload();
		assertThat(second).doesNotExist();
		assertThat(Probes.request(port, "HELLO")).isEqualTo("b:HELLO");

		assertThat(this.daemon.stopWith("TERM")).isZero();
		try (var files = Files.list(this.dir)) {
			assertThat(files.filter(p -> p.getFileName().toString().endsWith(".pid"))).isEmpty();
		}
	}

	@Test
	void leftInPlaceAtExitWhenItNoLongerHoldsOurPid() throws Exception {
		this.backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		this.daemon = launch(ConfigFiles.bind(port) + ConfigFiles.pidLine(pid)
				+ ConfigFiles.connectService("echo", this.backend, "HELLO")).pidFile(pid).daemon();

		// Another instance, or the operator, took the path over: it is theirs now.
		Files.writeString(pid, "999999999\n");

		assertThat(this.daemon.stopWith("TERM")).isZero();
		assertThat(trimmedContent(pid)).isEqualTo("999999999");
	}

	private static String trimmedContent(Path file) throws java.io.IOException {
		return Files.readString(file, StandardCharsets.US_ASCII).trim();
	}

	private static void assertVictimUntouched(Path victim, String victimState) throws java.io.IOException {
		if (victimState.equals("existing")) {
			assertThat(Files.readString(victim)).isEqualTo("precious data\n");
		}
		else {
			assertThat(victim).doesNotExist();
		}
	}
}
