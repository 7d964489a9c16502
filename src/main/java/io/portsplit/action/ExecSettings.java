package io.portsplit.action;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code portsplit.exec.*}: how long an exec program has, after the SIGHUP that tells it
 * its client has gone or portsplit is stopping, before it is killed.
 */
@ConfigurationProperties("portsplit.exec")
public record ExecSettings(@DefaultValue("2s") Duration hangupGrace) {
}
