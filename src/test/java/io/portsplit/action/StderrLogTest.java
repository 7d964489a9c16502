package io.portsplit.action;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class StderrLogTest {

	private final Logger logger = (Logger) LoggerFactory.getLogger("portsplit.exec");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void oneEntryPerLineTaggedWithTheService() {
		copy("first\r\nsecond\nunfinished");
		assertThat(messages()).containsExactly("[ssh] c1 stderr: first", "[ssh] c1 stderr: second",
				"[ssh] c1 stderr: unfinished");
	}

	@Test
	void aLineWithoutEndIsCutSoMemoryStaysBounded() {
		copy("x".repeat(StderrLog.MAX_LINE * 2 + 10));
		List<String> messages = messages();
		assertThat(messages).hasSize(3);
		assertThat(messages.get(0)).endsWith("x".repeat(StderrLog.MAX_LINE)).hasSize("[ssh] c1 stderr: ".length() + StderrLog.MAX_LINE);
		assertThat(messages.get(2)).isEqualTo("[ssh] c1 stderr: " + "x".repeat(10));
	}

	private void copy(String text) {
		StderrLog.copy(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "ssh", "c1");
	}

	private List<String> messages() {
		return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}
}
