package io.portsplit.config;

/**
 * A value that cannot be used, with a message that already names the option and quotes the
 * offending text. Converters throw it so that {@link ConfigBinder} can show the message as is,
 * instead of Spring's generic "failed to convert" text.
 */
final class ConfigValueException extends IllegalArgumentException {

	ConfigValueException(String message) {
		super(message);
	}
}
