package io.portsplit.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Log entries of one logger, captured in this JVM. Attach it after portsplit has started:
 * Spring Boot resets logback while it starts and would drop an appender added before.
 * Events are appended on portsplit's threads and read on the test's, so every read takes
 * a copy under the appender's lock.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final Level previousLevel;

	private final boolean previousAdditive;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture(String loggerName, Level level) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
		this.previousLevel = this.logger.getLevel();
		this.previousAdditive = this.logger.isAdditive();
		this.logger.setLevel(level);
		// Captured entries are for the test (and its failure messages), not for the build output.
		this.logger.setAdditive(false);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Captures {@code loggerName} at {@code level}, instead of printing it (level and
	 * additivity are set now and restored at {@link #close()}).
	 */
	public static LogCapture of(String loggerName, Level level) {
		return new LogCapture(loggerName, level);
	}

	public List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return new ArrayList<>(this.appender.list);
		}
	}

	public List<String> messages() {
		return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	/** The first event whose formatted message satisfies {@code test}, waiting at most {@code timeout}. */
	public ILoggingEvent await(Predicate<String> test, Duration timeout) {
		try {
			return Awaitility.await()
				.atMost(timeout)
				.pollInterval(Waits.POLL)
				.until(() -> find(test), Optional::isPresent)
				.orElseThrow();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no matching entry in log " + this.logger.getName() + " within " + timeout
					+ "; entries:\n" + String.join("\n", messages()), ex);
		}
	}

	private Optional<ILoggingEvent> find(Predicate<String> test) {
		return events().stream().filter(event -> test.test(event.getFormattedMessage())).findFirst();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
		this.logger.setLevel(this.previousLevel);
		this.logger.setAdditive(this.previousAdditive);
	}
}
