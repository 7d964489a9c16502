package io.portsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.TextResourceOrigin;

/** The property source handed to Spring's Binder: its keys and where each value came from. */
class ConfigFileReaderTest {

	private static final Path FILE = Path.of("/etc/portsplit.conf");

	private static OriginTrackedMapPropertySource read(String text) throws ConfigException {
		return ConfigFileReader.read(text.getBytes(StandardCharsets.UTF_8), FILE);
	}

	@Test
	void keysAndOrigins() throws Exception {
		OriginTrackedMapPropertySource source = read("""
				bind = 127.0.0.1:1
				  bind=[::1]:2
				maxconn = 3
				[tls]
				string = \\16\\03
				string =  \\16\\02
				connect = h:443
				[fallback]
				exec = tool
				execarg = a
				pty = no
				""");
		assertThat(source.getSource()).containsOnlyKeys("portsplit.bind[0]", "portsplit.bind[1]", "portsplit.maxconn",
				"portsplit.services[0].name", "portsplit.services[0].string[0]", "portsplit.services[0].string[1]",
				"portsplit.services[0].connect", "portsplit.services[1].name", "portsplit.services[1].exec",
				"portsplit.services[1].execarg[0]", "portsplit.services[1].pty");
		assertThat(source.getProperty("portsplit.bind[1]")).isEqualTo("[::1]:2");
		assertThat(source.getProperty("portsplit.services[0].string[1]")).isEqualTo("\\16\\02");
		assertThat(source.getProperty("portsplit.services[1].name")).isEqualTo("fallback");
		assertLocation(source, "portsplit.bind[1]", 1, 7);
		assertLocation(source, "portsplit.services[0].name", 3, 1);
		assertLocation(source, "portsplit.services[0].string[1]", 5, 10);
		assertLocation(source, "portsplit.services[1].pty", 10, 6);
	}

	@Test
	void originsPointAtTheFile() throws Exception {
		TextResourceOrigin origin = (TextResourceOrigin) read("bind = 127.0.0.1:1\n").getOrigin("portsplit.bind[0]");
		assertThat(origin.getResource().getFilename()).isEqualTo("portsplit.conf");
		assertThat(origin.toString()).contains("portsplit.conf").contains("1:8");
	}

	private static void assertLocation(OriginTrackedMapPropertySource source, String key, int line, int column) {
		TextResourceOrigin.Location location = ((TextResourceOrigin) source.getOrigin(key)).getLocation();
		assertThat(location.getLine()).as("0-based line of %s", key).isEqualTo(line);
		assertThat(location.getColumn()).as("0-based column of %s", key).isEqualTo(column);
	}
}
