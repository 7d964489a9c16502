package io.portsplit;

import java.security.CodeSource;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.SpringProperties;
import org.springframework.util.ClassUtils;

/**
 * Runs the core context from the bean definitions the build wrote as code, when the jar has
 * them: no component scan, no parsing of configuration classes, no reflection to find
 * constructors. Spring's switch for it is global to the JVM ({@code spring.aot.enabled}), and
 * only the core is processed ahead of time: the management context is Spring Boot's
 * auto-configuration, whose conditions (the web server or none, metrics on or off) are
 * decided at each start. So the switch is on for the core's run only.
 * <p>
 * Only from a jar: the build writes the code at package time, and a class directory (an IDE,
 * the unit tests) may hold code generated from older sources.
 */
final class CoreAot {

	static final String INITIALIZER = PortsplitApplication.class.getName() + "__ApplicationContextInitializer";

	private CoreAot() {
	}

	static ConfigurableApplicationContext run(SpringApplication core, String[] args) {
		if (!available() || AotDetector.useGeneratedArtifacts()) {
			return core.run(args);
		}
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
		try {
			return core.run(args);
		}
		finally {
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
		}
	}

	static boolean available() {
		if ("off".equals(System.getProperty("portsplit.aot"))
				|| !ClassUtils.isPresent(INITIALIZER, CoreAot.class.getClassLoader())) {
			return false;
		}
		// "jar:nested:/abs/portsplit.jar/!BOOT-INF/classes/!/" in the jar, "file:/abs/app/portsplit.jar" extracted,
		// "file:/abs/target/classes/" in a build (and no location known: not a jar either)
		CodeSource source = PortsplitApplication.class.getProtectionDomain().getCodeSource();
		String location = (source != null) ? String.valueOf(source.getLocation()) : "";
		return location.contains(".jar");
	}
}
