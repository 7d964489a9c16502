package io.portsplit.action;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.portsplit.support.Clients;
import io.portsplit.support.Transcript;
import io.portsplit.support.Waits;

import static io.portsplit.support.ExecServices.exec;
import static io.portsplit.support.ExecServices.execOnPty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Actions" (exec) with {@code pty = yes}, in process: what only a terminal does. The
 * terminal starts in its default mode, so it echoes: whatever the client types, the first
 * bytes included, comes back once as echo, and output lines end in CR LF. The scenarios that
 * hold with and without a pty are in {@link ExecActionTest}, over {@link Stdio}.
 */
class ExecPtyTest extends ExecTestBase {

	@Test
	void theProgramGetsAPseudoTerminalWithASize() throws Exception {
		start(execOnPty("tty", "TTY", "/bin/sh", "-c", "tty; stty size"));
		String output;
		try (Transcript transcript = conversation("TTY")) {
			output = Stdio.PTY.withoutEcho(transcript.readToEnd(Waits.EFFECT), "TTY");
		}
		assertThat(output).matches("/dev/pts/\\d+\r\n24 80\r\n");
	}

	/** Not a moment later: a program that asks at once (stty itself) gets 80x24 too, not 0x0. */
	@Test
	void theTerminalHasItsSizeBeforeTheProgramStarts() throws Exception {
		start(execOnPty("size", "SIZE", "/bin/stty", "size"));
		for (int i = 0; i < 10; i++) {
			try (Transcript transcript = conversation("SIZE")) {
				assertThat(Stdio.PTY.withoutEcho(transcript.readToEnd(Waits.EFFECT), "SIZE")).isEqualTo("24 80\r\n");
			}
		}
	}

	/** proc(5): the fields of /proc/PID/stat after the command name are state, ppid, pgrp, session, tty_nr, tpgid. */
	@Test
	void theProgramRunsInANewSessionWithThePtyAsControllingTerminalStdinStdoutAndStderr() throws Exception {
		start(execOnPty("session", "SESSION", "/bin/sh", "-c", "echo \"pid=$$\"; echo \"tty=$(tty)\"; "
				+ "echo \"stat=$(cut -d ')' -f 2- /proc/$$/stat)\"; "
				+ "echo \"fds=$(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2)\""));
		String output;
		try (Transcript transcript = conversation("SESSION")) {
			output = Stdio.PTY.withoutEcho(transcript.readToEnd(Waits.EFFECT), "SESSION");
		}
		long pid = Long.parseLong(find(output, "pid=(\\d+)\r"));
		String tty = find(output, "tty=(/dev/pts/\\d+)\r");
		Matcher stat = Pattern.compile("stat= (\\S) (\\d+) (\\d+) (\\d+) (\\d+) (-?\\d+)").matcher(output);
		assertThat(stat.find()).as(output).isTrue();
		long processGroup = Long.parseLong(stat.group(3));
		assertThat(Long.parseLong(stat.group(4))).as("session").isEqualTo(pid);
		assertThat(processGroup).as("process group").isEqualTo(pid);
		assertThat(Long.parseLong(stat.group(5))).as("controlling terminal (tty_nr)").isNotZero();
		assertThat(Long.parseLong(stat.group(6))).as("foreground process group of its terminal").isEqualTo(processGroup);
		assertThat(find(output, "fds=(.*)\r")).isEqualTo(tty + " " + tty + " " + tty);
	}

	/** The first bytes are typed into the shell too: they are a comment here. */
	@Test
	void anInteractiveShellOnThePtyAnswersAndHasJobControl() throws Exception {
		start(execOnPty("shell", "#shell", "/bin/sh", "-i"));
		try (Socket socket = Clients.connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			Transcript transcript = new Transcript(socket);
			out.write(Clients.ascii("#shell\n"));
			out.write(Clients.ascii("echo $((6*7))\n"));
			// The typed line is echoed as "6*7": only the shell's answer holds 42.
			transcript.await(Pattern.compile("(?<![0-9])42\r\n"), Waits.EFFECT);
			// $- has m when the shell could take the terminal for job control: it needs a controlling tty.
			out.write(Clients.ascii("case $- in *m*) echo job-control-$((40+2));; esac\n"));
			transcript.await(Pattern.compile("job-control-42\r\n"), Waits.EFFECT);
			out.write(Clients.ascii("exit\n"));
			transcript.readToEnd(Waits.EFFECT);
			assertThat(transcript.text()).doesNotContain("job control turned off");
		}
		this.connectionLog.await(m -> m.endsWith("program exited with status 0"), Waits.EFFECT);
	}

	/** In canonical mode a single ^D after a partial line only ends that line; end-of-file takes one more. */
	@Test
	void aClientHalfCloseAfterAPartialLineIsStillEndOfFile() throws Exception {
		start(execOnPty("cat", "PTYCAT", "/bin/cat"));
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("PTYCAT no newline"));
			Transcript transcript = new Transcript(socket);
			transcript.await(Pattern.compile("PTYCAT no newline"), Waits.EFFECT);
			socket.shutdownOutput();
			String output = transcript.readToEnd(Waits.EFFECT);
			// echoed as typed, then written by cat once ^D has passed the line on
			assertThat(output).isEqualTo("PTYCAT no newlinePTYCAT no newline");
		}
		this.connectionLog.await(m -> m.endsWith("program exited with status 0"), Waits.EFFECT);
	}

	@Test
	void aFallbackServiceCanRunOnAPty() throws Exception {
		start(exec("cat", "CAT", "/bin/cat") + execOnPty("fallback", null, "/bin/sh", "-c",
				"echo \"fallback on $(tty)\"; read line; echo \"got $line\""));
		try (Socket socket = Clients.connect(this.port)) {
			// 'h' already rules out CAT: the fallback's program gets "h" first, then the rest.
			socket.getOutputStream().write(Clients.ascii("hello\n"));
			String output = new Transcript(socket).readToEnd(Waits.EFFECT);
			assertThat(output).containsPattern("fallback on /dev/pts/\\d+\r\n").contains("got hello\r\n");
		}
		this.connectionLog.await(m -> m.contains("-> [fallback] exec /bin/sh") && m.endsWith("(fallback)"), Waits.EFFECT);
	}

	/** A connection's pty, pipes and socket are all closed when it ends, not when the garbage collector runs. */
	@Test
	void execConnectionsLeaveNoFileDescriptorBehind() throws Exception {
		start(execOnPty("ptycat", "PTYCAT", "/bin/cat") + exec("cat", "CAT", "/bin/cat")
				+ execOnPty("ptyecho", "PTYECHO", "/bin/echo", "bye"));
		ExecAction exec = this.portsplit.bean(ExecAction.class);
		// one of each first, so that classes, native libraries and thread pools are in place
		sessions();
		awaitNoneRunning(exec);
		List<String> before = openFileDescriptors();
		for (int i = 0; i < 20; i++) {
			sessions();
		}
		awaitNoneRunning(exec);
		long deadline = System.nanoTime() + Waits.EFFECT.toNanos();
		List<String> after = openFileDescriptors();
		while (after.size() > before.size() + 5 && System.nanoTime() < deadline) {
			Thread.sleep(200);
			after = openFileDescriptors();
		}
		List<String> added = new ArrayList<>(after);
		before.forEach(added::remove);
		assertThat(after.size()).as("open file descriptors after 60 connections; new ones: " + added)
			.isLessThanOrEqualTo(before.size() + 5);
	}

	/** A cat on a pty and one on pipes, ended by the client; an echo on a pty, ended by the program. */
	private void sessions() throws Exception {
		for (String pattern : new String[] { "PTYCAT", "CAT" }) {
			try (Socket socket = Clients.connect(this.port)) {
				socket.getOutputStream().write(Clients.ascii(pattern + " x\n"));
				Transcript transcript = new Transcript(socket);
				transcript.await(Pattern.compile("x"), Waits.EFFECT);
				socket.shutdownOutput();
				transcript.readToEnd(Waits.EFFECT);
			}
		}
		try (Transcript transcript = conversation("PTYECHO")) {
			assertThat(transcript.readToEnd(Waits.EFFECT)).contains("bye\r\n");
		}
	}

	/**
	 * The example of the original C portsplit, in this file format: a {@code cat /etc/issue}
	 * timeout service and a pppd-on-a-pty fallback. pppd is not installed here, so a shell
	 * stands in for it: like pppd it needs the pty as its terminal and talks over it.
	 */
	@Test
	void theOriginalPortsplitsExampleWorksInThisFormat() throws Exception {
		Path issue = Path.of("/etc/issue");
		if (!Files.isReadable(issue)) {
			issue = Files.writeString(this.dir.resolve("issue"), "Debian GNU/Linux \\n \\l\n\n");
		}
		start("timeout = 1\n" + exec("ssh", "SSH-", "/bin/echo", "ssh")
				+ exec("timeout", null, "/bin/cat", issue.toString())
				+ execOnPty("fallback", null, "/bin/sh", "-c", "tty; read line; echo \"ppp got $line\""));
		try (Socket silent = Clients.connect(this.port)) {
			assertThat(new Transcript(silent).readToEnd(Waits.EFFECT)).isEqualTo(Files.readString(issue));
		}
		String output;
		try (Transcript transcript = conversation("~}#LCP\n")) {
			output = transcript.readToEnd(Waits.EFFECT);
		}
		assertThat(output).containsPattern("/dev/pts/\\d+\r\n").contains("ppp got ~}#LCP");
		assertThat(String.join("\n", this.connectionLog.messages())).contains("-> [timeout] exec /bin/cat").contains("-> [fallback] exec /bin/sh");
	}

	private static void awaitNoneRunning(ExecAction exec) {
		Awaitility.await().atMost(Waits.EFFECT).pollInterval(Waits.POLL).until(() -> exec.running() == 0);
	}

	/** What each open descriptor of this JVM refers to ({@code pipe:[123]}, {@code /dev/ptmx}, …). */
	private static List<String> openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.map(fd -> {
				try {
					return Files.readSymbolicLink(fd).toString();
				}
				catch (IOException ex) {
					return "(closed)";
				}
			}).toList();
		}
	}

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("/" + regex + "/ in " + text).isTrue();
		return matcher.group(1);
	}
}
