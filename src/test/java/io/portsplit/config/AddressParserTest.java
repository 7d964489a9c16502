package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParserTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0.0.0.0:9090|0.0.0.0|9090", "127.0.0.1:1|127.0.0.1|1",
			"10.1.2.3:65535|10.1.2.3|65535", ":::9090|::|9090", "::1:9090|::1|9090", "[::1]:9090|::1|9090",
			"[::]:80|::|80", "fe80::1:2:443|fe80::1:2|443", "[2001:db8::1]:8443|2001:db8::1|8443" })
	void bindForms(String text, String host, int port) throws Exception {
		BindAddress bind = AddressParser.parseBind(text);
		assertThat(bind.address()).isEqualTo(InetAddress.getByName(host));
		assertThat(bind.port()).isEqualTo(port);
	}

	@Test
	void bindFamilies() {
		assertThat(AddressParser.parseBind("0.0.0.0:1").address()).isInstanceOf(Inet4Address.class);
		assertThat(AddressParser.parseBind(":::1").address()).isInstanceOf(Inet6Address.class);
		assertThat(AddressParser.parseBind("::1:9090").toString()).isEqualTo("[::1]:9090");
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost:9090", "example.com:80", "127.1:9090", "1.2.3:80", "256.0.0.1:80",
			"1.2.3.4.5:80", "[1.2.3.4]:80", "::g:80", "zz::1:80", "[::1:80", "[::1]80", "[::1]", "1.2.3.4",
			":9090", "1.2.3.4:" })
	void badBindAddresses(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseBind(text))
			.withMessageContaining("'bind'");
	}

	@Test
	void bindNamesAreRejectedWithAReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseBind("localhost:9090"))
			.withMessageContaining("bad address 'localhost'")
			.withMessageContaining("literal");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseBind(":9090"))
			.withMessageContaining("missing address");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseBind("1.2.3.4"))
			.withMessageContaining("missing port");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "65536", "99999", "abc", "-1", "+80", "123456", " 80", "8o" })
	void badPorts(String port) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseBind("127.0.0.1:" + port))
			.withMessage("bad port '" + port + "' in 'bind': must be 1-65535");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseConnect("h:" + port))
			.withMessage("bad port '" + port + "' in 'connect': must be 1-65535");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "localhost:22|localhost|22", "backend.example.com:443|backend.example.com|443",
			"10.0.0.1:80|10.0.0.1|80", "::1:22|::1|22", "[::1]:22|::1|22", "[2001:db8::5]:993|2001:db8::5|993",
			"my_host-1:8080|my_host-1|8080", "host.:1|host.|1" })
	void connectForms(String text, String host, int port) {
		assertThat(AddressParser.parseConnect(text)).isEqualTo(new HostPort(host, port));
	}

	@Test
	void connectNamesAreNotResolved() {
		// .invalid never resolves (RFC 2606): a lookup would make this fail or hang
		assertThat(((HostPort) AddressParser.parseConnect("backend.invalid:80")).host()).isEqualTo("backend.invalid");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b:80", "-host:80", "host..x:80", "1.2.3:80", "300.1.1.1:80", "[host]:80", ":80",
			"host", "ho/st:80", "::g:80" })
	void badConnectValues(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseConnect(text))
			.withMessageContaining("'connect'");
	}
}
