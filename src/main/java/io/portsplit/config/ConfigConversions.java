package io.portsplit.config;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;

import io.portsplit.config.PortsplitProperties.PatternText;

/**
 * The conversions from the file's text to typed values.
 *
 * <p>This must be an {@link ApplicationConversionService}: otherwise Spring's binder falls back
 * to its shared lenient instance when one of these converters rejects a value, and would
 * accept {@code 0x10} as a number or {@code on} as yes.
 */
final class ConfigConversions {

	private ConfigConversions() {
	}

	static ConversionService create() {
		ApplicationConversionService service = new ApplicationConversionService();
		service.addConverter(String.class, BindAddress.class, AddressParser::parseBind);
		service.addConverter(String.class, BackendAddress.class, AddressParser::parseConnect);
		service.addConverter(String.class, PatternText.class,
				text -> new PatternText(PatternEscapes.decode(text), text));
		service.addConverter(String.class, Integer.class, ConfigConversions::wholeNumber);
		service.addConverter(String.class, Boolean.class, ConfigConversions::yesNo);
		return service;
	}

	// Messages below are completed with the option and value by ConfigBinder.

	private static Integer wholeNumber(String text) {
		String digits = text.startsWith("-") ? text.substring(1) : text;
		if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("must be a whole number");
		}
		try {
			return Integer.valueOf(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("number too large");
		}
	}

	private static Boolean yesNo(String text) {
		return switch (text) {
			case "yes" -> Boolean.TRUE;
			case "no" -> Boolean.FALSE;
			default -> throw new IllegalArgumentException("must be 'yes' or 'no'");
		};
	}
}
