package io.portsplit;

import static io.portsplit.support.ConfigFiles.bind;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.Waits;

/** README "Command line" with the packaged jar: --check, the two ways to name the file, exit codes, error messages. */
class CommandLineIT extends PortsplitTestBase {

	private String goodConfig(int port) {
		return bind(port) + "bind = ::1:" + port + "\ntimeout = 3\n"
				+ "[http]\nstring = GET\\20\nstring = POST\\20\nconnect = 127.0.0.1:8080\n"
				+ "[ssh]\nstring = SSH-\nconnect = [::1]:22\n"
				+ "[more]\nstring = GET\\20/x\nconnect = localhost:8081\n"
				+ "[fallback]\nconnect = 127.0.0.1:8443\n";
	}

	@ParameterizedTest
	@ValueSource(strings = { "--check FILE", "--config=FILE --check" })
	void checkPrintsASummaryOfAGoodFileAndExitsZeroWithoutBinding(String form) throws Exception {
		int port = FreePorts.onBothFamilies();
		Path file = config(goodConfig(port));
		// Holding the port proves --check binds nothing.
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(FreePorts.IPV4, port));
			PortsplitProcess check = launch(file).naming(form.split(" ")).exactly().start();
			assertThat(check.awaitExit(Waits.START)).as(check.output()).isZero();
			String out = check.stdout();
			assertThat(out).contains(file + ": OK")
				.contains("bind 127.0.0.1:" + port)
				.contains("bind [::1]:" + port)
				.contains("[http] patterns 'GET\\20' 'POST\\20' -> connect 127.0.0.1:8080")
				.contains("[ssh] patterns 'SSH-' -> connect [::1]:22")
				.contains("[fallback] -> connect 127.0.0.1:8443")
				.containsPattern(Pattern.quote(file + ":12: warning: ") + ".*");
			assertThat(check.stderr()).isEmpty();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"unknown option|--check FILE|[http]\\nstrin = GET\\nconnect = 127.0.0.1:1|3",
			"missing equals sign|--check --config=FILE|timeout 5|2",
			"bad value|--check FILE|timeout = soon|2",
			"bad escape|--check --config=FILE|[http]\\nstring = GET\\q\\nconnect = 127.0.0.1:1|3",
			"service without action|--check FILE|[http]\\nstring = GET|2" })
	void checkOfABadFileExitsTwoWithFileAndLineAndNoStackTrace(String what, String form, String body, int line)
			throws Exception {
		Path file = config(bind(FreePorts.ipv4()) + body.replace("\\n", "\n") + "\n");
		PortsplitProcess check = launch(file).naming(form.split(" ")).exactly().start();
		assertThat(check.awaitExit(Waits.START)).as(check.output()).isEqualTo(2);
		assertThat(check.stderr()).as(what).matches(Pattern.quote("portsplit: " + file + ":" + line + ": ") + "[^\\n]+\\n");
		assertThat(check.stdout()).isEmpty();
	}

	@Test
	void aMissingFileExitsTwo() throws Exception {
		Path missing = this.dir.resolve("nowhere.conf");
		for (String[] form : new String[][] { { "--check", "FILE" }, { "--config=FILE" } }) {
			PortsplitProcess process = launch(missing).naming(form).exactly().start();
			assertThat(process.awaitExit(Waits.START)).as(process.output()).isEqualTo(2);
			assertThat(process.stderr()).isEqualTo("portsplit: " + missing + ": cannot read file: No such file or directory\n");
		}
	}

	@Test
	void runningWithABadFileExitsTwoBeforeBindingAnything() throws Exception {
		int port = FreePorts.ipv4();
		Path file = config(bind(port) + "maxconn = 0\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n");
		for (String form : new String[] { "--config=FILE", "FILE" }) {
			PortsplitProcess process = launch(file).naming(form).start();
			assertThat(process.awaitExit(Waits.START)).as(process.output()).isEqualTo(2);
			assertThat(process.stderr()).matches(Pattern.quote("portsplit: " + file + ":2: ") + "[^\\n]+\\n");
			assertThat(process.stdout()).doesNotContain("listening");
		}
	}

	@Test
	void aBindAddressInUseExitsOneNamingTheAddress() throws Exception {
		int free = FreePorts.ipv4();
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(FreePorts.IPV4, 0));
			int taken = busy.getLocalPort();
			Path file = config(bind(free) + bind(taken) + "[http]\nstring = GET\nconnect = 127.0.0.1:1\n");
			PortsplitProcess process = launch(file).start();
			assertThat(process.awaitExit(Waits.START)).as(process.output()).isEqualTo(1);
			assertThat(process.stderr()).contains("portsplit: cannot listen on 127.0.0.1:" + taken + ": Address already in use");
			assertThat(process.output()).as("no stack trace").doesNotContain("\tat ");
		}
		// The bind that did open was closed again.
		try (ServerSocket again = new ServerSocket()) {
			again.bind(new InetSocketAddress(FreePorts.IPV4, free));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h" })
	void helpPrintsTheUsageAndExitsZero(String flag) throws Exception {
		PortsplitProcess help = launch(config(bind(FreePorts.ipv4()))).naming(flag).exactly().start();
		assertThat(help.awaitExit(Waits.START)).as(help.output()).isZero();
		assertThat(help.stdout()).startsWith("usage: java -jar portsplit.jar").contains("--check", "--version");
		assertThat(help.stderr()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--version", "-V" })
	void versionPrintsTheBuildsVersionAndExitsZero(String flag) throws Exception {
		PortsplitProcess version = launch(config(bind(FreePorts.ipv4()))).naming(flag).exactly().start();
		assertThat(version.awaitExit(Waits.START)).as(version.output()).isZero();
		// The build's own version, which the pom hands to this suite.
		assertThat(System.getProperty("portsplit.version")).isNotBlank();
		assertThat(version.stdout()).isEqualTo("portsplit " + System.getProperty("portsplit.version") + "\n");
	}

	@Test
	void checkEqualsFileIsCheckOfThatFile() throws Exception {
		Path file = config(goodConfig(FreePorts.onBothFamilies()));
		PortsplitProcess check = launch(file).naming("--check=FILE").exactly().start();
		assertThat(check.awaitExit(Waits.START)).as(check.output()).isZero();
		assertThat(check.stdout()).startsWith(file + ": OK");
	}

	@Test
	void aManagementPortInUseIsOneClearLineAndNothingElse() throws Exception {
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(FreePorts.IPV4, 0));
			int port = FreePorts.ipv4();
			Path file = config(bind(port) + "management = 127.0.0.1:" + busy.getLocalPort()
					+ "\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n");
			PortsplitProcess process = launch(file).exactly().start();
			assertThat(process.awaitExit(Waits.START)).as(process.output()).isEqualTo(1);
			assertThat(process.stderr()).isEqualTo("portsplit: cannot listen on the management port " + busy.getLocalPort()
					+ ": already in use (set 'management = IP:PORT' or 'management = off' in " + file
					+ ", or --server.port=N)\n");
			assertThat(process.stdout()).doesNotContain("APPLICATION FAILED TO START").doesNotContain(" WARN ");
			// The management server's directory goes with the failed start too (its temporary directory is the test's).
			try (Stream<Path> left = Files.list(this.dir.resolve("tmp"))) {
				assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("portsplit-")
						|| name.startsWith("tomcat"));
			}
		}
	}
}
