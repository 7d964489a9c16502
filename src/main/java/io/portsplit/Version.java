package io.portsplit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version the build stamped into the jar ({@code version.properties}, filtered by Maven). */
final class Version {

	private static final String RESOURCE = "/io/portsplit/version.properties";

	private Version() {
	}

	static String current() {
		try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}
}
