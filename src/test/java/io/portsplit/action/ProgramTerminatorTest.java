package io.portsplit.action;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes and real signals: SIGHUP first, SIGKILL for those that ignore it. Whatever
 * a test leaves running is killed after it ({@link PortsplitTestBase}).
 */
class ProgramTerminatorTest extends PortsplitTestBase {

	private static final Duration GRACE = Waits.HANGUP_GRACE;

	private final ProgramTerminator terminator = closeLater(new ProgramTerminator(GRACE));

	private Process process;

	@Test
	void hangUpEndsAProgramThatHonoursSighupWithStatusOfSighup() throws Exception {
		this.process = start("echo ready; sleep 60");
		this.terminator.hangUp(this.process);
		assertThat(this.process.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// Killed by signal 1: the shell reports 128 + 1.
		assertThat(this.process.exitValue()).isEqualTo(129);
	}

	@Test
	void aProgramIgnoringSighupIsKilledAfterTheGracePeriod() throws Exception {
		this.process = start("trap '' HUP; echo ready; while :; do sleep 0.1; done");
		this.terminator.hangUp(this.process);
		// Still alive just after the hang-up: it ignores SIGHUP ...
		assertThat(this.process.waitFor(GRACE.toMillis() / 4, TimeUnit.MILLISECONDS)).isFalse();
		// ... and gone once SIGKILL has come.
		assertThat(this.process.waitFor(GRACE.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS))
			.isTrue();
		assertThat(this.process.exitValue()).isEqualTo(137);
	}

	@Test
	void descendantsAreSignalledToo() throws Exception {
		this.process = start("sleep 60 & echo ready; wait");
		List<ProcessHandle> children = awaitChildren(this.process);
		this.terminator.hangUp(this.process);
		assertThat(this.process.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		for (ProcessHandle child : children) {
			assertThat(child.onExit().completeOnTimeout(child, Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS).join().isAlive()).isFalse();
		}
	}

	@Test
	void hangUpAndWaitLeavesNothingRunning() throws Exception {
		Process ignoring = start("trap '' HUP; echo ready; while :; do sleep 0.1; done");
		Process honouring = start("echo ready; sleep 60");
		this.terminator.hangUpAndWait(List.of(ignoring, honouring));
		assertThat(ignoring.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(honouring.waitFor(Waits.EFFECT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	/**
	 * A session may hang up after its program has exited and been reaped (the client goes
	 * away while the session lingers, or portsplit stops then). Its pid may belong to
	 * another process by then; that one must not be signalled. The stand-in below is an
	 * exited program whose pid is now a live process's.
	 */
	@Test
	void aProgramThatHasExitedIsNotSignalledThroughItsPid() throws Exception {
		this.process = start("echo ready; sleep 60");
		Process exited = new ExitedProcess(this.process.pid());
		this.terminator.hangUp(exited);
		this.terminator.hangUpAndWait(List.of(exited));
		// past the grace period: neither SIGHUP nor SIGKILL reached the live process
		assertThat(this.process.waitFor(GRACE.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS))
			.isFalse();
	}

	/** A process that has exited, with the pid of {@code pid}. */
	private static final class ExitedProcess extends Process {

		private final long pid;

		ExitedProcess(long pid) {
			this.pid = pid;
		}

		@Override
		public long pid() {
			return this.pid;
		}

		@Override
		public boolean isAlive() {
			return false;
		}

		@Override
		public int exitValue() {
			return 0;
		}

		@Override
		public int waitFor() {
			return 0;
		}

		@Override
		public void destroy() {
		}

		@Override
		public java.io.OutputStream getOutputStream() {
			return java.io.OutputStream.nullOutputStream();
		}

		@Override
		public java.io.InputStream getInputStream() {
			return java.io.InputStream.nullInputStream();
		}

		@Override
		public java.io.InputStream getErrorStream() {
			return java.io.InputStream.nullInputStream();
		}
	}

	private static Process start(String script) throws IOException {
		Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
		// Wait for "ready" so the trap is installed before any signal is sent.
		byte[] ready = new byte[6];
		int read = 0;
		while (read < ready.length) {
			int n = process.getInputStream().read(ready, read, ready.length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		assertThat(new String(ready, 0, read)).isEqualTo("ready\n");
		return process;
	}

	private static List<ProcessHandle> awaitChildren(Process process) throws InterruptedException {
		long deadline = System.nanoTime() + Waits.EFFECT.toNanos();
		List<ProcessHandle> children = process.children().toList();
		while (children.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
			children = process.children().toList();
		}
		assertThat(children).isNotEmpty();
		return children;
	}
}
