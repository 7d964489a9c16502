package io.portsplit.action;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.portsplit.support.ChildProcesses;
import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.Payloads;
import io.portsplit.support.Transcript;
import io.portsplit.support.Waits;

import static io.portsplit.support.ExecServices.exec;
import static io.portsplit.support.ExecServices.execOnPty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Actions" (exec), in process: real programs, real pipes and pseudo-terminals, real
 * loopback sockets. A scenario that holds with and without a pty runs over both ({@link Stdio});
 * what only a terminal does is in {@link ExecPtyTest}. Every program that outlives its test is
 * killed by pid after it.
 */
class ExecActionTest extends ExecTestBase {

	@Test
	void catEchoesEveryByteValueUnchanged() throws Exception {
		start(exec("cat", "CAT", "/bin/cat"));
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(Clients.ascii("CAT"));
		for (int round = 0; round < 4; round++) {
			for (int b = 0; b < 256; b++) {
				request.write((round % 2 == 0) ? b : 255 - b);
			}
		}
		byte[] reply = Clients.exchange(FreePorts.IPV4, this.port, request.toByteArray());
		assertThat(reply).isEqualTo(request.toByteArray());
	}

	@Test
	void catRelaysSeveralMegabytesBothWaysUnchanged() throws Exception {
		start(exec("cat", "CAT", "/bin/cat"));
		long length = 12L * 1024 * 1024 + 7;
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try (Socket socket = Clients.connect(this.port)) {
			CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
				try {
					String sha = Payloads.write(socket.getOutputStream(), Clients.ascii("CAT"), length, 7);
					socket.shutdownOutput();
					return sha;
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}, writer);
			Payloads.Summary received = Payloads.read(socket.getInputStream());
			assertThat(received.bytes()).isEqualTo(length + 3);
			assertThat(received.sha256()).isEqualTo(sent.get(Waits.BULK.toMillis(), TimeUnit.MILLISECONDS));
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	void argumentsArePassedInFileOrderWithoutAShellSplittingThem() throws Exception {
		start(exec("args", "ARGS", "/bin/sh", "-c", "printf '%s|' \"$0\" \"$@\"", "zero", "two words",
				"\"double quoted\"", "'single quoted'", "$HOME * ; echo injected", "back\\slash", ""));
		String reply = Clients.exchange(this.port, "ARGS");
		assertThat(reply).isEqualTo("zero|two words|\"double quoted\"|'single quoted'|$HOME * ; echo injected|back\\slash||");
	}

	/** The first bytes are written to the program once, in order, before the rest: however they were split. */
	@ParameterizedTest
	@EnumSource(Split.class)
	void firstBytesReachTheProgramExactlyOnceBeforeTheRest(Split split) throws Exception {
		// The longer pattern keeps portsplit reading past "HELLO", so the first bytes hold more than the pattern.
		start(exec("hello", "HELLO", "/bin/cat") + exec("longer", "HELLX-a-longer-pattern", "/bin/echo"));
		try (Socket socket = Clients.connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			for (String segment : split.segments) {
				out.write(Clients.ascii(segment));
				out.flush();
				// Not a wait for anything: only makes separate TCP segments likely.
				Thread.sleep(100);
			}
			socket.shutdownOutput();
			assertThat(Clients.text(Clients.readAll(socket))).isEqualTo(String.join("", split.segments));
		}
	}

	enum Split {

		ONE_SEGMENT("HELLO, and more, and the rest after it"),

		PATTERN_SPLIT("HE", "LL", "O, and more", ", and the rest after it"),

		BYTE_BY_BYTE("H", "E", "L", "L", "O", ",", " ", "x");

		final List<String> segments;

		Split(String... segments) {
			this.segments = List.of(segments);
		}
	}

	@Test
	void stderrGoesToTheLogTaggedWithTheServiceAndNotToTheClient() throws Exception {
		start(exec("err", "ERR", "/bin/sh", "-c",
				"echo to-stdout; echo 'to stderr 1' >&2; cat; printf 'to stderr 2, unterminated' >&2"));
		String reply = Clients.exchange(this.port, "ERR input\n");
		assertThat(reply).isEqualTo("to-stdout\nERR input\n");
		this.execLog.await(m -> m.matches("\\[err\\] c\\d+ stderr: to stderr 1"), Waits.EFFECT);
		this.execLog.await(m -> m.matches("\\[err\\] c\\d+ stderr: to stderr 2, unterminated"), Waits.EFFECT);
		assertThat(this.execLog.events()).allSatisfy(event -> assertThat(event.getLoggerName()).isEqualTo("portsplit.exec"));
	}

	/**
	 * The client's half-close is end of file for the program (on a terminal, a typed ^D), and
	 * the program may still answer after it.
	 */
	@ParameterizedTest
	@EnumSource(Stdio.class)
	void clientHalfCloseIsEndOfFileAndTheProgramMayStillAnswer(Stdio stdio) throws Exception {
		start(stdio.service("eof", "EOF", "/bin/sh", "-c", "cat; echo after-eof"));
		String typed = "EOF line\n";
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii(typed));
			Transcript transcript = new Transcript(socket);
			// cat's copy of the line, after the terminal's echo of it if there is a terminal
			transcript.await(Pattern.compile(Pattern.quote(stdio.echo(typed) + stdio.lines("EOF line"))), Waits.EFFECT);
			socket.shutdownOutput();
			assertThat(transcript.readToEnd(Waits.EFFECT))
				.isEqualTo(stdio.echo(typed) + stdio.lines("EOF line", "after-eof"));
		}
		this.connectionLog.await(m -> m.contains("ended:") && m.endsWith("program exited with status 0"), Waits.EFFECT);
	}

	/** The client never closes its side: the end comes from the program, once all it wrote has arrived. */
	@ParameterizedTest
	@EnumSource(Stdio.class)
	void whenTheProgramExitsFirstItsOutputIsDeliveredThenTheClientIsClosed(Stdio stdio) throws Exception {
		start(stdio.service("seq", "SEQ", "/bin/sh", "-c", "seq 1 200000; exit 3"));
		String expected = stdio.lines(IntStream.rangeClosed(1, 200000).mapToObj(Integer::toString).toArray(String[]::new));
		String output;
		try (Transcript transcript = conversation("SEQ")) {
			output = transcript.readToEnd(Waits.EFFECT);
		}
		// On a failure, say how the connection ended: an empty reply can come from several paths
		// (program not started, first-bytes deadline, early end of the copy), which only the log tells apart.
		assertThat(stdio.withoutEcho(output, "SEQ"))
			.as(() -> output.length() + " chars read; connection log: " + this.connectionLog.messages()
					+ "; exec log: " + this.execLog.messages())
			.isEqualTo(expected);
		int toClient = output.length();
		this.connectionLog.await(m -> m.contains("ended: 3 bytes from client, " + toClient + " bytes to client")
				&& m.endsWith("program exited with status 3"), Waits.EFFECT);
	}

	/**
	 * The client sent more than the program read. Closing a socket with unread input
	 * makes the kernel send a reset and drop what is still queued for the client; the
	 * program's output must all arrive anyway, ended by an orderly end of stream.
	 */
	@Test
	void aProgramThatExitsWithoutReadingItsInputStillHasAllItsOutputDelivered() throws Exception {
		start(exec("seq", "SEQ", "/bin/sh", "-c", "seq 1 200000"));
		String expected = IntStream.rangeClosed(1, 200000).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("SEQ"));
			// less than the pipe and portsplit's socket buffer hold, so this write cannot block
			socket.getOutputStream().write(new byte[96 * 1024]);
			// a slow reader: the output piles up in the socket buffers meanwhile
			Thread.sleep(1000);
			assertThat(new Transcript(socket).readToEnd(Waits.EFFECT)).isEqualTo(expected);
		}
		this.connectionLog.await(m -> m.endsWith("program exited with status 0"), Waits.EFFECT);
	}

	/** The end is the program's even if the client, after reading it all, resets instead of closing. */
	@Test
	void aProgramThatExitedFirstIsLoggedSoEvenIfTheClientThenResets() throws Exception {
		start(exec("bye", "BYE", "/bin/echo", "bye"));
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("BYE"));
			assertThat(new Transcript(socket).readToEnd(Waits.EFFECT)).isEqualTo("bye\n");
			socket.setSoLinger(true, 0);
		}
		this.connectionLog.await(m -> m.contains("ended:"), Waits.EFFECT);
		assertThat(this.connectionLog.messages()).filteredOn(m -> m.contains("ended:"))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.endsWith("program exited with status 0");
	}

	@ParameterizedTest
	@EnumSource(Stdio.class)
	void aClientResetHangsUpTheProgram(Stdio stdio) throws Exception {
		start(stdio.service("hold", "HOLD", "/bin/sh", "-c", "echo pid=$$; exec sleep 600"));
		long pid;
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("HOLD"));
			pid = pid(new Transcript(socket));
			socket.setSoLinger(true, 0);
		}
		ChildProcesses.awaitGone(pid, Waits.EFFECT);
		// 128 + 1: SIGHUP ended it.
		this.connectionLog.await(m -> m.endsWith("client disconnected, program ended with status 129"), Waits.EFFECT);
	}

	@Test
	void aClientThatClosesWhileTheProgramWritesHangsItUp() throws Exception {
		start(exec("yes", "YES", "/bin/sh", "-c", "echo pid=$$; exec yes"));
		long pid;
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("YES"));
			pid = pid(new Transcript(socket));
		}
		ChildProcesses.awaitGone(pid, Waits.EFFECT);
		this.connectionLog.await(m -> m.endsWith("client disconnected, program ended with status 129"), Waits.EFFECT);
	}

	@ParameterizedTest
	@EnumSource(Stdio.class)
	void aProgramIgnoringSighupIsKilledAfterTheGracePeriod(Stdio stdio) throws Exception {
		start(stdio.service("stubborn", "STUBBORN", "/bin/sh", "-c",
				"trap '' HUP; echo pid=$$; while :; do sleep 1; done"));
		long pid;
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("STUBBORN"));
			pid = pid(new Transcript(socket));
			socket.setSoLinger(true, 0);
		}
		ChildProcesses.awaitGone(pid, Waits.EFFECT.plus(Waits.HANGUP_GRACE));
		// 128 + 9: it took SIGKILL.
		this.connectionLog.await(m -> m.endsWith("client disconnected, program ended with status 137"), Waits.EFFECT);
	}

	/** README "Actions" (exec): no program is left behind when portsplit stops, not even one ignoring SIGHUP, nor its child. */
	@Test
	void stoppingPortsplitEndsRunningProgramsAndTheirChildren() throws Exception {
		start(exec("hold", "HOLD", "/bin/sh", "-c", "trap '' HUP; sleep 600 & echo \"pids=$$ $!\"; wait")
				+ execOnPty("ptyhold", "PTYHOLD", "/bin/sh", "-c", "trap '' HUP; sleep 600 & echo \"pids=$$ $!\"; wait"));
		Pattern pids = Pattern.compile("pids=(\\d+) (\\d+)");
		try (Socket plain = Clients.connect(this.port); Socket onPty = Clients.connect(this.port)) {
			plain.getOutputStream().write(Clients.ascii("HOLD"));
			onPty.getOutputStream().write(Clients.ascii("PTYHOLD"));
			List<Long> all = new java.util.ArrayList<>();
			for (Socket socket : List.of(plain, onPty)) {
				Matcher matcher = new Transcript(socket).await(pids, Waits.EFFECT);
				all.add(Long.parseLong(matcher.group(1)));
				all.add(Long.parseLong(matcher.group(2)));
			}
			all.forEach(this.children::track);
			assertThat(all).allMatch(ChildProcesses::isRunning);
			assertThat(this.portsplit.bean(ExecAction.class).running()).isEqualTo(2);

			this.portsplit.close();

			for (long pid : all) {
				ChildProcesses.awaitGone(pid, Waits.EFFECT);
			}
		}
	}

	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("breakages")
	void aProgramThatCannotStartClosesThatClientAndIsLogged(Breakage breakage, Stdio stdio) throws Exception {
		Path script = this.dir.resolve("script");
		String interpreter = (breakage == Breakage.MISSING_INTERPRETER) ? "/nonexistent/interpreter" : "/bin/sh";
		Files.writeString(script, "#!" + interpreter + "\necho started\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		start(stdio.service("broken", "BROKEN", script.toString()) + exec("cat", "CAT", "/bin/cat"));
		switch (breakage) {
			case DELETED -> Files.delete(script);
			case NOT_EXECUTABLE -> Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
			case MISSING_INTERPRETER -> {
			}
		}
		try (Socket socket = Clients.connect(this.port)) {
			socket.getOutputStream().write(Clients.ascii("BROKEN"));
			Transcript transcript = new Transcript(socket);
			try {
				transcript.readToEnd(Waits.EFFECT);
			}
			catch (SocketException reset) {
				// closed with the request unread: a reset is as good an end as any
			}
			assertThat(transcript.text()).as("sent to the client").isEmpty();
		}
		String why = (stdio == Stdio.PTY) ? breakage.loggedOnPty : breakage.logged;
		this.connectionLog.await(m -> m.contains("ended:") && m.contains("cannot start " + script) && m.contains(why),
				Waits.EFFECT);
		assertThat(this.connectionLog.events()).filteredOn(e -> e.getFormattedMessage().contains("cannot start"))
			.allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
		// and the daemon goes on serving
		assertThat(Clients.exchange(this.port, "CAT still here")).isEqualTo("CAT still here");
	}

	static Stream<Arguments> breakages() {
		return Arrays.stream(Breakage.values())
			.flatMap(breakage -> Arrays.stream(Stdio.values()).map(stdio -> Arguments.of(breakage, stdio)));
	}

	/** How a program that passed the configuration check fails to start later. */
	enum Breakage {

		DELETED("not found", "not found"),

		NOT_EXECUTABLE("not executable", "not executable"),

		/**
		 * Exists and is executable, but its interpreter does not exist: only execve can
		 * tell. The JDK passes its errno on; pty4j's child can only exit with 127.
		 */
		MISSING_INTERPRETER("No such file or directory", "execve failed");

		final String logged;

		final String loggedOnPty;

		Breakage(String logged, String loggedOnPty) {
			this.logged = logged;
			this.loggedOnPty = loggedOnPty;
		}
	}

	@Test
	void aTimeoutServiceCanSpeakFirstToASilentClient() throws Exception {
		start("timeout = 1\n" + exec("cat", "CAT", "/bin/cat")
				+ exec("timeout", null, "/bin/echo", "Welcome to portsplit"));
		try (Socket socket = Clients.connect(this.port)) {
			assertThat(new Transcript(socket).readToEnd(Waits.EFFECT)).isEqualTo("Welcome to portsplit\n");
		}
		this.connectionLog.await(m -> m.matches(".* -> \\[timeout\\] exec /bin/echo Welcome to portsplit \\(timeout\\)"), Waits.EFFECT);
	}

	/**
	 * A program that reads nothing (until a file appears) makes portsplit stop reading its
	 * client: the client's writes stall after at most what the kernel buffers (pipe and both
	 * sockets), whatever portsplit's own buffers are. Then everything arrives, once.
	 */
	@Test
	void aProgramThatDoesNotReadStallsItsClientAfterABoundedAmount() throws Exception {
		Path go = this.dir.resolve("go");
		start(exec("slow", "SLOW", "/bin/sh", "-c", "while [ ! -e \"$1\" ]; do sleep 0.1; done; exec sha256sum", "slow",
				go.toString()) + exec("cat", "CAT", "/bin/cat"));
		long bound = kernelBufferBound();
		MessageDigest digest = Payloads.sha256();
		SplittableRandom random = new SplittableRandom(11);
		try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(FreePorts.IPV4, this.port))) {
			ByteBuffer pending = ByteBuffer.wrap(Clients.ascii("SLOW"));
			digest.update(pending.duplicate());
			long accepted = 0;
			channel.configureBlocking(false);
			try (Selector selector = Selector.open()) {
				channel.register(selector, SelectionKey.OP_WRITE);
				while (true) {
					if (!pending.hasRemaining()) {
						pending = randomChunk(random, digest);
					}
					int n = channel.write(pending);
					accepted += n;
					if (n == 0) {
						selector.selectedKeys().clear();
						if (selector.select(3000) == 0) {
							break; // nothing more accepted for 3 s: stalled
						}
					}
					assertThat(accepted).as("bytes the client could write to a program that reads nothing")
						.isLessThan(bound);
				}
			}
			assertThat(Clients.exchange(this.port, "CAT meanwhile")).isEqualTo("CAT meanwhile");
			Files.createFile(go);
			channel.configureBlocking(true);
			writeFully(channel, pending);
			for (int i = 0; i < 16; i++) {
				writeFully(channel, randomChunk(random, digest));
			}
			channel.shutdownOutput();
			Socket socket = channel.socket();
			socket.setSoTimeout(Clients.SO_TIMEOUT_MILLIS);
			assertThat(Clients.text(Clients.readAll(socket)))
				.isEqualTo(HexFormat.of().formatHex(digest.digest()) + "  -\n");
		}
	}

	/**
	 * The other way: a client that reads nothing makes portsplit stop reading the program's
	 * output, so the program blocks in write after a bounded amount. The program says on
	 * stderr (into the log) how much it has written.
	 */
	@Test
	void aClientThatDoesNotReadStallsTheProgramAfterABoundedAmount() throws Exception {
		start(exec("flood", "FLOOD", "/bin/sh", "-c",
				"i=0; while :; do head -c 65536 /dev/zero; i=$((i+1)); echo \"chunks $i\" >&2; done")
				+ exec("cat", "CAT", "/bin/cat"));
		long bound = kernelBufferBound();
		Pattern chunks = Pattern.compile("stderr: chunks (\\d+)");
		try (Socket socket = Clients.connect(this.port)) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.getOutputStream().write(Clients.ascii("FLOOD"));
			this.execLog.await(chunks.asPredicate(), Waits.EFFECT);
			long last = -1;
			long written;
			while (true) {
				Thread.sleep(3000);
				written = this.execLog.messages()
					.stream()
					.map(chunks::matcher)
					.filter(Matcher::find)
					.mapToLong(m -> Long.parseLong(m.group(1)))
					.max()
					.orElseThrow() * 65536;
				if (written == last) {
					break; // no progress for 3 s: stalled
				}
				assertThat(written).as("bytes the program could write to a client that reads nothing").isLessThan(bound);
				last = written;
			}
			assertThat(Clients.exchange(this.port, "CAT meanwhile")).isEqualTo("CAT meanwhile");
			socket.setSoLinger(true, 0);
		}
		this.connectionLog.await(m -> m.contains("client disconnected"), Waits.EFFECT);
	}

	/** Pipe, both socket buffers at their kernel maximum, and a megabyte for portsplit's own chunk and slack. */
	static long kernelBufferBound() throws IOException {
		long pipe = Long.parseLong(ChildProcesses.procFile(Path.of("/proc/sys/fs/pipe-max-size")).trim());
		return pipe + maximum("/proc/sys/net/ipv4/tcp_rmem") + maximum("/proc/sys/net/ipv4/tcp_wmem") + (1 << 20);
	}

	private static long maximum(String sysctl) throws IOException {
		String[] values = ChildProcesses.procFile(Path.of(sysctl)).trim().split("\\s+");
		return Long.parseLong(values[values.length - 1]);
	}

	private static ByteBuffer randomChunk(SplittableRandom random, MessageDigest digest) {
		byte[] chunk = new byte[64 * 1024];
		random.nextBytes(chunk);
		digest.update(chunk);
		return ByteBuffer.wrap(chunk);
	}

	private static void writeFully(SocketChannel channel, ByteBuffer data) throws IOException {
		while (data.hasRemaining()) {
			channel.write(data);
		}
	}

}
