package io.portsplit;

import static io.portsplit.support.Clients.ascii;
import static io.portsplit.support.Clients.text;
import static io.portsplit.support.ConfigFiles.bind;
import static io.portsplit.support.ConfigFiles.connectService;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.portsplit.support.Clients;
import io.portsplit.support.FreePorts;
import io.portsplit.support.PortsplitProcess;
import io.portsplit.support.PortsplitTestBase;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/**
 * The packaged jar's core context runs from the bean definitions the build wrote as code
 * (README "Performance", DESIGN "Two Spring contexts"), and serves the same either way:
 * the JVM's class-loading log says which classes made the core. Any JVM option keeps the JVM
 * as started, so this is the jar as Spring Boot's launcher runs it; the cached start runs the
 * extracted jar, whose location is a jar too.
 */
class CoreAotIT extends PortsplitTestBase {

	private static final String GENERATED = "io.portsplit.PortsplitApplication__BeanFactoryRegistrations";

	/** Loaded to read the core's {@code @ComponentScan} filters: the management context has no scan. */
	private static final String SCAN = "org.springframework.context.annotation.TypeFilterUtils";

	@ParameterizedTest
	@CsvSource({ "'', true", "-Dportsplit.aot=off, false" })
	void theCoreRunsFromTheGeneratedDefinitionsUnlessTurnedOffAndRoutesTheSame(String option, boolean generated)
			throws Exception {
		List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xlog:class+load=info"));
		if (!option.isEmpty()) {
			jvm.add(option);
		}
		TestBackend backend = backend("b");
		int port = FreePorts.ipv4();
		Path pid = this.dir.resolve("portsplit.pid");
		PortsplitProcess portsplit = launch(config(bind(port) + "pid = " + pid + "\n" + connectService("b", backend, "PING")))
			.jvmOptions(jvm.toArray(String[]::new))
			.pidFile(pid)
			.daemon();

		assertThat(text(Clients.exchange(FreePorts.IPV4, port, ascii("PING")))).isEqualTo("b:PING");
		portsplit.awaitStarted();
		String classes = portsplit.stdout();
		assertThat(classes.contains(GENERATED + " ")).as("generated definitions loaded").isEqualTo(generated);
		assertThat(classes.contains(SCAN + " ")).as("component scan").isEqualTo(!generated);
		assertThat(portsplit.stopWith("TERM")).isZero();
		assertThat(portsplit.errorLines()).allMatch(line -> line.contains("[class,load]"));
	}
}
