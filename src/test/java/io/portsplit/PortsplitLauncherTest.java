package io.portsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.portsplit.config.ConfigLoader;
import io.portsplit.config.Management;
import io.portsplit.support.FreePorts;
import io.portsplit.support.ManagementHttp;

/** The file's {@code management} against the operator's Spring properties (README "Management server"). */
class PortsplitLauncherTest {

	@TempDir
	Path dir;

	@Test
	void theFilesAddressIsTheDefaultWhichTheCommandLineOverrides() {
		Management file = Management.DEFAULT;
		assertThat(PortsplitLauncher.managementDefaults(file, List.of()))
			.containsOnly(entry("server.address", "127.0.0.1"),
					entry("server.port", 9180));
		// Defaults only: Spring ranks a command-line property above them.
		assertThat(PortsplitLauncher.managementDefaults(file, List.of("--server.port=9"))).containsEntry("server.port", 9180);
	}

	@Test
	void offMeansNoWebServerUnlessTheCommandLineAsksForOne() {
		assertThat(PortsplitLauncher.managementDefaults(Management.OFF, List.of()))
			.containsOnly(entry("spring.main.web-application-type", "none"));
		assertThat(PortsplitLauncher.managementDefaults(Management.OFF, List.of("--server.port=9280"))).isEmpty();
		assertThat(PortsplitLauncher.managementDefaults(Management.OFF,
				List.of("--spring.main.web-application-type=servlet")))
			.isEmpty();
		assertThat(PortsplitLauncher.managementDefaults(Management.OFF, List.of("--management.server.port=9280")))
			.containsOnly(entry("server.port", -1));
		assertThat(PortsplitLauncher.managementDefaults(Management.OFF, List.of("--management.server.port=-1")))
			.containsOnly(entry("spring.main.web-application-type", "none"));
	}

	@Test
	void offWithAManagementPortOnTheCommandLineOpensThatPortAndNoOther() throws Exception {
		int bind = FreePorts.ipv4();
		Path file = Files.writeString(this.dir.resolve("portsplit.conf"), "bind = 127.0.0.1:" + bind
				+ "\nmanagement = off\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n");
		try (ConfigurableApplicationContext context = PortsplitLauncher.start(ConfigLoader.load(file),
				// The packaged defaults only, without the tests' server.port=0 (classpath:/config/).
				List.of("--spring.config.location=classpath:/application.yml", "--management.server.port=0",
						"--management.server.address=127.0.0.1"))) {
			assertThat(((WebServerApplicationContext) context).getWebServer().getPort())
				.as("the application's own web server, 8080 by Spring's default")
				.isEqualTo(-1);
			int management = context.getEnvironment().getProperty("local.management.port", Integer.class, 0);
			assertThat(management).isPositive();
			HttpResponse<String> health = new ManagementHttp(management).get("/actuator/health/readiness");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(PortsplitLauncher.startedLine(context))
				.isEqualTo("started; management server on http://127.0.0.1:" + management + "/actuator");
		}
	}
}
