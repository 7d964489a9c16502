package io.portsplit.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code management = IP:PORT | off}: where this instance's management server listens. */
class ManagementOptionTest extends ConfigTestSupport {

	private static final String SERVICE = "[a]\nstring = A\nconnect = h:1\n";

	@Test
	void withoutItTheManagementServerIsOnLoopback9180() throws Exception {
		Management management = load(BIND + SERVICE).management();
		assertThat(management).isEqualTo(Management.DEFAULT);
		assertThat(management.springDefaults()).containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", 9180);
	}

	@Test
	void anAddressOfItsOwnOrOff() throws Exception {
		assertThat(load(BIND + "management = 127.0.0.1:9280\n" + SERVICE).management().springDefaults())
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", 9280);
		assertThat(load(BIND + "management = [::1]:9281\n" + SERVICE).management().toString()).isEqualTo("[::1]:9281");
		Management off = load(BIND + "management = off\n" + SERVICE).management();
		assertThat(off.off()).isTrue();
		assertThat(off.springDefaults()).containsEntry("spring.main.web-application-type", "none");
	}

	@Test
	void aBadValueIsAnErrorOnItsLine() throws Exception {
		assertError(BIND + "management = localhost:9180\n" + SERVICE, 2, "bad value 'localhost:9180' for 'management'",
				"IP:PORT", "'off'");
		assertError(BIND + "management = 9180\n" + SERVICE, 2, "for 'management'");
		assertError(BIND + SERVICE + "management = off\n", 5, "'management' is a global option");
	}
}
