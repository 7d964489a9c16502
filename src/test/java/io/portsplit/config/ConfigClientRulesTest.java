package io.portsplit.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Client identity, access and limits": who may connect, whose PROXY header is
 * trusted, per-source and per-service limits, timeouts, PROXY headers to backends and Unix
 * backends, each bad value with its file and line.
 */
class ConfigClientRulesTest extends ConfigTestSupport {

	@Test
	void theGlobalRulesAreRead() throws Exception {
		PortsplitConfig config = load(BIND + """
				accept-proxy = 10.0.0.0/8
				accept-proxy = 2001:db8::/32
				allow = 192.0.2.0/24
				allow = 127.0.0.1
				deny = 192.0.2.66
				maxconn-per-source = 10
				rate-per-source = 20
				[a]
				string = A
				connect = h:1
				""");
		ClientRules clients = config.clients();
		assertThat(clients.acceptProxy()).extracting(Object::toString).containsExactly("10.0.0.0/8", "2001:db8::/32");
		assertThat(clients.access().permits(InetAddress.getByName("192.0.2.7"))).isTrue();
		assertThat(clients.access().permits(InetAddress.getByName("192.0.2.66"))).isFalse();
		assertThat(clients.access().permits(InetAddress.getByName("198.51.100.1"))).as("outside every allow").isFalse();
		assertThat(clients.maxconnPerSource()).isEqualTo(10);
		assertThat(clients.ratePerSource()).isEqualTo(20);
		assertThat(clients.describe()).contains("accept-proxy 10.0.0.0/8, 2001:db8::/32", "maxconn-per-source 10",
				"rate-per-source 20");
	}

	@Test
	void withoutThemEveryoneMayConnectAndNothingIsLimited() throws Exception {
		ClientRules clients = load(BIND + "[a]\nstring = A\nconnect = h:1\n").clients();
		assertThat(clients.access().isEmpty()).isTrue();
		assertThat(clients.acceptProxy()).isEmpty();
		assertThat(clients.maxconnPerSource()).isZero();
		assertThat(clients.ratePerSource()).isZero();
	}

	@Test
	void aServiceHasItsOwnAccessLimitAndTimeouts() throws Exception {
		PortsplitConfig config = load(BIND + """
				[admin]
				string = ADMIN
				allow = 127.0.0.0/8
				deny = 127.0.0.9
				maxconn = 3
				idle-timeout = 60
				connect = h:1
				proxy = v2
				connect-timeout = 2
				[shell]
				string = SH
				idle-timeout = 30
				exec = tool
				""");
		ServiceSpec admin = config.services().get(0);
		assertThat(admin.policy().access().permits(InetAddress.getByName("127.0.0.5"))).isTrue();
		assertThat(admin.policy().access().permits(InetAddress.getByName("127.0.0.9"))).isFalse();
		assertThat(admin.policy().maxconn()).isEqualTo(3);
		assertThat(admin.policy().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
		ActionSpec.Connect connect = (ActionSpec.Connect) admin.action();
		assertThat(connect.proxy()).isEqualTo(ActionSpec.ProxyProtocol.V2);
		assertThat(connect.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(admin.describe()).endsWith("-> connect h:1 (proxy v2) (connect-timeout 2 s) "
				+ "[allow 127.0.0.0/8; deny 127.0.0.9; maxconn 3; idle-timeout 60 s]");
		assertThat(config.services().get(1).policy().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void theDefaultsAreNoProxyHeaderFiveSecondsToConnectAndNoIdleLimit() throws Exception {
		ServiceSpec service = load(BIND + "[a]\nstring = A\nconnect = h:1\n").services().get(0);
		ActionSpec.Connect connect = (ActionSpec.Connect) service.action();
		assertThat(connect.proxy()).isEqualTo(ActionSpec.ProxyProtocol.NONE);
		assertThat(connect.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(service.policy()).isEqualTo(ServicePolicy.NONE);
	}

	@Test
	void aUnixSocketBackend() throws Exception {
		ActionSpec.Connect connect = (ActionSpec.Connect) load(BIND + "[a]\nstring = A\nconnect = unix:/run/app.sock\n")
			.services()
			.get(0)
			.action();
		assertThat(connect.target()).isEqualTo(new UnixSocket(Path.of("/run/app.sock")));
		assertError(BIND + "[a]\nstring = A\nconnect = unix:run/app.sock\n", 4, "bad Unix socket", "must be absolute");
	}

	@Test
	void badRangesAreErrorsOnTheirLine() throws Exception {
		assertError(BIND + "allow = 10.0.0.1/8\n[a]\nstring = A\nconnect = h:1\n", 2, "'10.0.0.1/8'", "10.0.0.0/8",
				"in 'allow'");
		assertError(BIND + "deny = 10.0.0.256\n[a]\nstring = A\nconnect = h:1\n", 2, "'10.0.0.256'", "in 'deny'");
		assertError(BIND + "accept-proxy = lb.example\n[a]\nstring = A\nconnect = h:1\n", 2, "'lb.example'",
				"in 'accept-proxy'");
		assertError(BIND + "[a]\nstring = A\nallow = 127.0.0.1/33\nconnect = h:1\n", 4, "'127.0.0.1/33'", "in 'allow'");
	}

	@Test
	void limitsMustBeAtLeastOne() throws Exception {
		assertError(BIND + "maxconn-per-source = 0\n[a]\nstring = A\nconnect = h:1\n", 2, "'maxconn-per-source'",
				"at least 1");
		assertError(BIND + "rate-per-source = -1\n[a]\nstring = A\nconnect = h:1\n", 2, "'rate-per-source'");
		assertError(BIND + "[a]\nstring = A\nmaxconn = 0\nconnect = h:1\n", 4, "'maxconn'", "at least 1");
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nconnect-timeout = 0\n", 5, "'connect-timeout'");
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nidle-timeout = -2\n", 5, "'idle-timeout'");
	}

	@Test
	void proxyTakesV1V2OrNoAndOnlyWithConnect() throws Exception {
		assertError(BIND + "[a]\nstring = A\nconnect = h:1\nproxy = v3\n", 5, "bad value 'v3' for 'proxy'",
				"'v1', 'v2' or 'no'");
		assertError(BIND + "[a]\nstring = A\nexec = tool\nproxy = v1\n", 5, "'proxy' without 'connect'");
		assertError(BIND + "[a]\nstring = A\nexec = tool\nconnect-timeout = 3\n", 5, "'connect-timeout' without 'connect'");
	}

	@Test
	void eachOptionIsAllowedOnlyInItsScope() throws Exception {
		assertError(BIND + "[a]\nstring = A\naccept-proxy = 10.0.0.0/8\nconnect = h:1\n", 4,
				"'accept-proxy' is a global option");
		assertError(BIND + "[a]\nstring = A\nrate-per-source = 5\nconnect = h:1\n", 4, "'rate-per-source' is a global option");
		assertError(BIND + "proxy = v1\n[a]\nstring = A\nconnect = h:1\n", 2, "'proxy' is a service option");
		assertError(BIND + "idle-timeout = 5\n[a]\nstring = A\nconnect = h:1\n", 2, "'idle-timeout' is a service option");
	}

	@Test
	void specialServicesMayHaveAccessRulesAndLimits() throws Exception {
		PortsplitConfig config = load(BIND + "[a]\nstring = A\nconnect = h:1\n[fallback]\nallow = 127.0.0.1\nmaxconn = 5\n"
				+ "connect = h:2\n");
		assertThat(config.fallback().orElseThrow().policy().maxconn()).isEqualTo(5);
	}
}
