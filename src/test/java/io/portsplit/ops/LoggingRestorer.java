package io.portsplit.ops;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.StandardEnvironment;

/**
 * Undoes what a portsplit with structured logging leaves in this JVM once its context has
 * closed, so that the tests after it log text, as they would without it. Spring Boot hands
 * its logging settings to Logback through system properties, and sets each only where it is
 * not set yet, so the structured format it set stays for every later context; and Logback
 * keeps the JSON encoder until something configures it again. So: the system properties go
 * back to what they were when this was made, and Logback gets Spring Boot's default
 * configuration. {@link #close()} does that and checks it.
 */
final class LoggingRestorer implements AutoCloseable {

	private final Map<String, String> systemProperties = systemProperties();

	/** Puts back the system properties and configures Logback with Spring Boot's defaults (text lines). */
	void restore() {
		putBackSystemProperties();
		LoggingSystem logging = LoggingSystem.get(LoggingRestorer.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
		// Uninitialised again, as a closed context leaves it, so that the next context configures it.
		logging.cleanUp();
		// Initialising set its defaults as system properties; they would outrank the next context's settings.
		putBackSystemProperties();
	}

	/** The names of the system properties that differ from when this was made. */
	Set<String> changedSystemProperties() {
		Map<String, String> now = systemProperties();
		Set<String> changed = new HashSet<>();
		for (String name : union(now.keySet(), this.systemProperties.keySet())) {
			if (!Objects.equals(now.get(name), this.systemProperties.get(name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	/** The root logger's appenders that write structured (JSON) lines. */
	static Set<String> structuredAppenders() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
		Set<String> structured = new HashSet<>();
		for (var appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			Appender<ILoggingEvent> appender = appenders.next();
			if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
					&& stream.getEncoder() instanceof StructuredLogEncoder) {
				structured.add(appender.getName());
			}
		}
		return structured;
	}

	/** Restores, then fails if a system property still differs or the log still writes JSON. */
	@Override
	public void close() {
		restore();
		Set<String> changed = changedSystemProperties();
		if (!changed.isEmpty()) {
			throw new AssertionError("system properties not restored: " + changed);
		}
		Set<String> structured = structuredAppenders();
		if (!structured.isEmpty()) {
			throw new AssertionError("appenders still writing structured lines: " + structured);
		}
	}

	private void putBackSystemProperties() {
		Map<String, String> now = systemProperties();
		for (String name : now.keySet()) {
			if (!this.systemProperties.containsKey(name)) {
				System.clearProperty(name);
			}
		}
		this.systemProperties.forEach((name, value) -> {
			if (!value.equals(now.get(name))) {
				System.setProperty(name, value);
			}
		});
	}

	private static Map<String, String> systemProperties() {
		Map<String, String> copy = new HashMap<>();
		for (String name : System.getProperties().stringPropertyNames()) {
			copy.put(name, System.getProperty(name));
		}
		return copy;
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return all;
	}
}
