package io.portsplit.config;

/** Something valid but probably not what the operator meant (e.g. a pattern that can never win). */
public record ConfigWarning(int line, String message) {
}
