package io.portsplit.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;

/**
 * Binds the file's properties to {@link PortsplitProperties} with Spring's {@link Binder}, and
 * turns a failure into a {@link ConfigException} on the line the value came from.
 */
final class ConfigBinder {

	private ConfigBinder() {
	}

	static PortsplitProperties bind(OriginTrackedMapPropertySource source, Path file) throws ConfigException {
		// No placeholder resolver: '${...}' in a pattern or argument is literal text.
		Binder binder = new Binder(ConfigurationPropertySources.from(source), null, ConfigConversions.create());
		try {
			return binder.bindOrCreate(ConfigFileReader.PREFIX, PortsplitProperties.class);
		}
		catch (BindException ex) {
			throw toConfigException(ex, file);
		}
	}

	static ConfigException toConfigException(BindException ex, Path file) {
		ConfigurationProperty property = ex.getProperty();
		// BindException.getOrigin() looks at the name, which has none; the property has it.
		int line = (property != null) ? lineOf(property.getOrigin()) : 0;
		ConfigValueException explained = find(ex, ConfigValueException.class);
		if (explained != null) {
			return new ConfigException(file, line, explained.getMessage());
		}
		String option = optionName(ex.getName());
		Object value = (property != null) ? property.getValue() : null;
		return new ConfigException(file, line, "bad value '" + value + "' for '" + option + "': " + rootCause(ex).getMessage());
	}

	/** 1-based line of a value read by {@link ConfigFileReader}, or 0 if it has none. */
	static int lineOf(Origin origin) {
		Origin o = origin;
		while (o != null) {
			if (o instanceof TextResourceOrigin text && text.getLocation() != null) {
				return text.getLocation().getLine() + 1;
			}
			// The binder wraps ours in a PropertySourceOrigin, whose parent is not the wrapped one.
			o = (o instanceof PropertySourceOrigin wrapper && wrapper.getOrigin() != null) ? wrapper.getOrigin()
					: o.getParent();
		}
		return 0;
	}

	/** The option as written in the file: the last element of the key that is not an index. */
	private static String optionName(ConfigurationPropertyName name) {
		for (int i = name.getNumberOfElements() - 1; i >= 0; i--) {
			if (!name.isNumericIndex(i)) {
				return name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
			}
		}
		return name.toString();
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}
}
