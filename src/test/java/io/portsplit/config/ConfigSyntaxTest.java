package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import io.portsplit.match.Condition;
import io.portsplit.match.StringCondition;

/** README "Configuration file": the line syntax, scopes and repetitions, and reading the file. */
class ConfigSyntaxTest extends ConfigTestSupport {

	@Test
	void commentsBlankLinesAndWhitespaceAreIgnored() throws Exception {
		PortsplitConfig config = load("""
				# a comment
				   # an indented comment
				\t
				  bind   =   127.0.0.1:9090  \t
				maxconn=7
				\t[ssh]\t
				string\t=\tSSH-   \r
				  # comment inside a service
				connect =localhost:22
				""");
		assertThat(config.binds()).extracting(BindAddress::toString).containsExactly("127.0.0.1:9090");
		assertThat(config.maxconn()).isEqualTo(7);
		ServiceSpec ssh = config.services().get(0);
		assertThat(ssh.name()).isEqualTo("ssh");
		assertThat(ssh.line()).isEqualTo(6);
		assertThat(((StringCondition) ssh.conditions().get(0)).bytes()).isEqualTo("SSH-".getBytes(StandardCharsets.US_ASCII));
		assertThat(ssh.conditions().get(0).line()).isEqualTo(7);
		assertThat(ssh.action()).isEqualTo(new ActionSpec.Connect(new HostPort("localhost", 22)));
	}

	@Test
	void crlfLineEndingsAndByteOrderMarkAreAccepted() throws Exception {
		PortsplitConfig config = load("\uFEFFbind = 127.0.0.1:9090\r\n[a]\r\nstring = A\r\nconnect = h:1\r\n");
		assertThat(config.services()).hasSize(1);
		assertThat(config.services().get(0).conditions().get(0).value()).isEqualTo("A");
	}

	@Test
	void onlyTheFirstEqualsSignSeparatesNameAndValue() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = a=b\nexec = tool\nexecarg = --x=1\n");
		assertThat(config.services().get(0).conditions().get(0).value()).isEqualTo("a=b");
		assertThat(((ActionSpec.Exec) config.services().get(0).action()).args()).containsExactly("--x=1");
	}

	@Test
	void hashAfterAValueIsPartOfTheValue() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = GET # not a comment\nconnect = h:1\n");
		assertThat(config.services().get(0).conditions().get(0).value()).isEqualTo("GET # not a comment");
	}

	@Test
	void unknownOption() throws Exception {
		assertError(BIND + "[ssh]\nstrng = SSH-\nconnect = h:22\n", 3, "unknown option 'strng'");
		assertError("bind = 127.0.0.1:1\nlisten = 1\n", 2, "unknown option 'listen'");
	}

	@Test
	void optionNamesAreCaseSensitive() throws Exception {
		assertError("Bind = 127.0.0.1:9090\n", 1, "unknown option 'Bind'", "case-sensitive", "'bind'");
	}

	@Test
	void missingEquals() throws Exception {
		assertError(BIND + "[ssh]\nstring SSH-\n", 3, "missing '='", "'string SSH-'");
		assertError("bind\n", 1, "missing '='", "'bind'");
	}

	@Test
	void missingOptionName() throws Exception {
		assertError(BIND + "= value\n", 2, "missing option name", "'= value'");
	}

	@Test
	void globalOptionInAService() throws Exception {
		assertError(BIND + "[ssh]\nstring = SSH-\nbind = 127.0.0.1:1\n", 4,
				"'bind' is a global option, not allowed in service [ssh]");
		assertError(BIND + "[ssh]\npid = x.pid\n", 3, "'pid' is a global option", "[ssh]");
		assertError(BIND + "[ssh]\ntimeout = 3\n", 3, "'timeout' is a global option");
		assertError(BIND + "[ssh]\npid = x.pid\n", 3, "'pid' is a global option");
	}

	@Test
	void serviceOptionAtGlobalLevel() throws Exception {
		assertError(BIND + "string = GET\n", 2, "'string' is a service option", "global");
		assertError(BIND + "connect = h:1\n", 2, "'connect' is a service option");
		assertError(BIND + "exec = tool\n", 2, "'exec' is a service option");
		assertError(BIND + "execarg = x\n", 2, "'execarg' is a service option");
		assertError(BIND + "pty = yes\n", 2, "'pty' is a service option");
	}

	@Test
	void repeatedGlobalOptionNamesBothLines() throws Exception {
		assertError(BIND + "maxconn = 5\n\nmaxconn = 6\n", 4, "'maxconn'", "twice", "line 2");
		assertError(BIND + "timeout = 5\ntimeout = 5\n", 3, "'timeout'", "twice", "line 2");
		assertError("pid = a\n" + BIND + "pid = b\n", 3, "'pid'", "twice", "line 1");
	}

	@Test
	void repeatedServiceOptionNamesBothLines() throws Exception {
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nconnect = h:2\n", 5, "'connect'", "twice", "[a]", "line 4");
		assertError(BIND + "[a]\nstring = A\nexec = tool\nexec = tool\n", 5, "'exec'", "twice", "line 4");
		assertError(BIND + "[a]\nstring = A\nexec = tool\npty = no\npty = no\n", 6, "'pty'", "twice", "line 5");
	}

	@Test
	void sameOptionInDifferentServicesIsNotARepeat() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nconnect = h:1\n[b]\nstring = B\nconnect = h:2\n");
		assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("a", "b");
	}

	@Test
	void duplicateServiceName() throws Exception {
		assertError(BIND + "[ssh]\nstring = A\nconnect = h:1\n[ssh]\nstring = B\nconnect = h:2\n", 5,
				"duplicate service [ssh]", "line 2");
	}

	@Test
	void serviceNamesMayHoldAnythingButWhitespaceAndClosingBracket() throws Exception {
		PortsplitConfig config = load(BIND + "[my-svc.1]\nstring = A\nconnect = h:1\n[a[b]\nstring = B\nconnect = h:2\n");
		assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("my-svc.1", "a[b");
	}

	@Test
	void serviceNamesAreCaseSensitive() throws Exception {
		PortsplitConfig config = load(BIND + "[ssh]\nstring = A\nconnect = h:1\n[SSH]\nstring = B\nconnect = h:2\n");
		assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("ssh", "SSH");
	}

	@Test
	void badSectionHeaders() throws Exception {
		assertError(BIND + "[]\n", 2, "empty service name", "'[]'");
		assertError(BIND + "[ssh\n", 2, "missing ']'", "'[ssh'");
		assertError(BIND + "[ssh] x\n", 2, "after ']'", "'[ssh] x'");
		assertError(BIND + "[a]b]\n", 2, "after ']'", "'[a]b]'");
		assertError(BIND + "[my ssh]\n", 2, "bad service name 'my ssh'", "whitespace");
		assertError(BIND + "[ ssh]\n", 2, "bad service name ' ssh'", "whitespace");
		assertError(BIND + "[a\tb]\n", 2, "bad service name", "whitespace");
	}

	@Test
	void emptyValues() throws Exception {
		assertError("bind =\n", 1, "empty value for 'bind'");
		assertError(BIND + "maxconn = \n", 2, "empty value for 'maxconn'");
		assertError(BIND + "[a]\nstring = A\nconnect =\n", 4, "empty value for 'connect'");
		assertError(BIND + "[a]\nstring = A\nexec = \t\n", 4, "empty value for 'exec'");
	}

	@Test
	void emptyExecArgIsAnEmptyArgument() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nexec = tool\nexecarg =\nexecarg = x\n");
		assertThat(((ActionSpec.Exec) config.services().get(0).action()).args()).containsExactly("", "x");
	}

	@Test
	void firstErrorInFileOrderIsReported() throws Exception {
		assertError(BIND + "bogus = 1\n[x]\nstrng = 1\n", 2, "unknown option 'bogus'");
	}

	@Test
	void missingFile() {
		Path file = this.dir.resolve("nope.conf");
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
		assertThat(ex.line()).isZero();
		assertThat(ex.problem()).isEqualTo("cannot read file: No such file or directory");
		assertThat(ex.getMessage()).isEqualTo(file + ": cannot read file: No such file or directory");
	}

	@Test
	void unreadableFile() {
		// A file that exists but whose read fails, even for root (which ignores permission bits):
		// reading a process's memory from offset 0 is an I/O error on Linux.
		Path file = Path.of("/proc/self/mem");
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
		assertThat(ex.line()).isZero();
		assertThat(ex.problem()).isEqualTo("cannot read file: Input/output error");
		assertThat(ex.getMessage()).isEqualTo(file + ": cannot read file: Input/output error");
	}

	@Test
	void directoryInsteadOfFile() {
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(this.dir));
		assertThat(ex.line()).isZero();
		assertThat(ex.problem()).startsWith("cannot read file: ");
	}

	@Test
	void invalidUtf8IsAnErrorOnItsLine() throws Exception {
		byte[] content = (BIND + "[a]\nstring = X\n").getBytes(StandardCharsets.UTF_8);
		byte[] bad = new byte[content.length + 1];
		System.arraycopy(content, 0, bad, 0, content.length - 1);
		bad[content.length - 1] = (byte) 0xC3; // a lead byte without its continuation
		bad[content.length] = '\n';
		ConfigException ex = catchThrowableOfType(ConfigException.class,
				() -> ConfigLoader.load(write(bad), this.programs));
		assertThat(ex.line()).isEqualTo(3);
		assertThat(ex.problem()).contains("not valid UTF-8");
	}

	@Test
	void textOverloadReportsTheGivenPath() throws Exception {
		Path file = this.dir.resolve("given.conf");
		ConfigException ex = catchThrowableOfType(ConfigException.class,
				() -> ConfigLoader.load("bind = 127.0.0.1:9090\nfoo = 1\n", file));
		assertThat(ex.getMessage()).isEqualTo(file + ":2: " + ex.problem());
		assertThat(Files.exists(file)).isFalse();
	}
}
