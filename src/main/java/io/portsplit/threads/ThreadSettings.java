package io.portsplit.threads;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code portsplit.threads.*}: how long an idle {@link TaskThreads} thread waits for the
 * next task before it ends. Long enough that a burst of exec clients reuses threads;
 * tests that wait for the process to go back to idle set it short.
 */
@ConfigurationProperties("portsplit.threads")
public record ThreadSettings(@DefaultValue("30s") Duration idleTimeout) {
}
