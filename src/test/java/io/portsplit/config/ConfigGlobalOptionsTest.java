package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** README "Global options": bind, maxconn, pid and timeout. */
class ConfigGlobalOptionsTest extends ConfigTestSupport {

	private static final String SERVICE = "[a]\nstring = A\nconnect = h:1\n";

	@Test
	void defaults() throws Exception {
		PortsplitConfig config = load(BIND);
		assertThat(config.maxconn()).isEqualTo(1024).isEqualTo(PortsplitConfig.DEFAULT_MAXCONN);
		assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(PortsplitConfig.DEFAULT_TIMEOUT);
		assertThat(config.pidFile()).isEmpty();
		assertThat(config.services()).isEmpty();
		assertThat(config.fallback()).isEmpty();
		assertThat(config.timeoutService()).isEmpty();
		assertThat(config.warnings()).isEmpty();
		assertThat(config.file()).isEqualTo(this.dir.resolve("portsplit.conf"));
	}

	@Test
	void allBindFormsInFileOrder() throws Exception {
		PortsplitConfig config = load("""
				bind = 0.0.0.0:9090
				bind = 127.0.0.1:9091
				bind = :::9092
				bind = ::1:9093
				bind = [::1]:9094
				""");
		assertThat(config.binds()).containsExactly(
				new BindAddress(InetAddress.getByName("0.0.0.0"), 9090),
				new BindAddress(InetAddress.getByName("127.0.0.1"), 9091),
				new BindAddress(InetAddress.getByName("::"), 9092),
				new BindAddress(InetAddress.getByName("::1"), 9093),
				new BindAddress(InetAddress.getByName("::1"), 9094));
	}

	@Test
	void duplicateBind() throws Exception {
		assertError("bind = 127.0.0.1:9090\nbind = 127.0.0.1:9091\nbind = 127.0.0.1:9090\n", 3,
				"duplicate bind '127.0.0.1:9090'", "line 1");
	}

	@Test
	void duplicateBindWrittenDifferently() throws Exception {
		assertError("bind = ::1:9090\n# ipv6\nbind = [::1]:9090\n", 3, "duplicate bind '[::1]:9090'", "line 1");
		assertError("bind = :::80\nbind = [0:0::0]:80\n", 2, "duplicate bind", "line 1");
	}

	@Test
	void sameAddressOtherPortIsNoDuplicate() throws Exception {
		assertThat(load("bind = 127.0.0.1:1\nbind = 127.0.0.1:2\n").binds()).hasSize(2);
	}

	@Test
	void badBindPort() throws Exception {
		assertError("\nbind = 127.0.0.1:0\n", 2, "bad port '0' in 'bind'", "1-65535");
		assertError("bind = 127.0.0.1:65536\n", 1, "bad port '65536' in 'bind'");
		assertError("bind = 127.0.0.1:abc\n", 1, "bad port 'abc' in 'bind'");
		assertError("bind = 127.0.0.1:1\nbind = [::1]:99999\n", 2, "bad port '99999' in 'bind'");
	}

	@Test
	void badBindHost() throws Exception {
		assertError("bind = localhost:9090\n", 1, "bad address 'localhost' in 'bind'", "literal");
		assertError("bind = 127.0.0.1:1\nbind = 300.1.1.1:9090\n", 2, "bad address '300.1.1.1' in 'bind'");
		assertError("bind = ::g:9090\n", 1, "bad address '::g' in 'bind'");
		assertError("bind = 127.0.0.1\n", 1, "missing port", "'127.0.0.1'");
		assertError("bind = :9090\n", 1, "missing address", "':9090'");
	}

	@Test
	void noBind() throws Exception {
		ConfigException ex = assertError("maxconn = 3\n" + SERVICE, 0,
				"no 'bind' option: at least one address to listen on is required");
		assertThat(ex.getMessage()).isEqualTo(ex.file() + ": no 'bind' option: at least one address to listen on is required");
		assertError("", 0, "no 'bind' option");
		assertError("# only a comment\n", 0, "no 'bind' option");
	}

	@Test
	void maxconn() throws Exception {
		assertThat(load(BIND + "maxconn = 1\n").maxconn()).isEqualTo(1);
		assertThat(load(BIND + "maxconn = 100000\n").maxconn()).isEqualTo(100000);
	}

	@Test
	void badMaxconn() throws Exception {
		assertError(BIND + "maxconn = 0\n", 2, "bad value '0' for 'maxconn'", "at least 1");
		assertError(BIND + "maxconn = -1\n", 2, "bad value '-1' for 'maxconn'", "at least 1");
		assertError(BIND + "maxconn = x\n", 2, "bad value 'x' for 'maxconn'", "whole number");
		assertError(BIND + "maxconn = 0x10\n", 2, "bad value '0x10' for 'maxconn'", "whole number");
		assertError(BIND + "maxconn = 1.5\n", 2, "bad value '1.5' for 'maxconn'");
		assertError(BIND + "maxconn = 99999999999\n", 2, "bad value '99999999999' for 'maxconn'", "too large");
	}

	@Test
	void timeout() throws Exception {
		assertThat(load(BIND + "timeout = 0\n").timeout()).isEqualTo(Duration.ZERO);
		assertThat(load(BIND + "timeout = 30\n").timeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void badTimeout() throws Exception {
		assertError(BIND + "timeout = -1\n", 2, "bad value '-1' for 'timeout'", "0 or more");
		assertError(BIND + "timeout = 5s\n", 2, "bad value '5s' for 'timeout'", "whole number");
		assertError(BIND + "timeout = PT5S\n", 2, "bad value 'PT5S' for 'timeout'");
	}

	@Test
	void relativePidIsResolvedAgainstTheConfigDirectory() throws Exception {
		PortsplitConfig config = load(BIND + "pid = run/portsplit.pid\n");
		assertThat(config.pidFile()).contains(this.dir.toAbsolutePath().resolve("run/portsplit.pid"));
	}

	@Test
	void relativePidOfARelativeConfigPath() throws Exception {
		Path relative = Path.of("").toAbsolutePath().relativize(write(BIND + "pid = ../x.pid\n").toAbsolutePath());
		PortsplitConfig config = ConfigLoader.load(relative, this.programs);
		assertThat(config.pidFile()).contains(this.dir.toAbsolutePath().getParent().resolve("x.pid"));
	}

	@Test
	void absolutePidIsKept() throws Exception {
		assertThat(load(BIND + "pid = /run/portsplit.pid\n").pidFile()).contains(Path.of("/run/portsplit.pid"));
	}

	@Test
	void badPid() throws Exception {
		assertError(BIND + "pid = a\u0000b\n", 2, "bad path", "'pid'");
	}
}
