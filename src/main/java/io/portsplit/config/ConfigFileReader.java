package io.portsplit.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The syntax pass: turns the lines of the file into {@code portsplit.*} properties, each
 * carrying the line and column it came from, for {@link ConfigBinder} to bind.
 *
 * <p>Besides the line syntax, this pass also rejects what depends on where a line is rather
 * than on its value: options in the wrong scope (including {@code string} in {@code [fallback]}
 * or {@code [timeout]}), a non-repeatable option given twice (the message names both lines),
 * duplicate service names and empty values. Once the lines are flattened into keys the binder
 * can no longer tell "given twice" from "given once", or which section a line was in, so these
 * checks are made here rather than after binding.
 */
final class ConfigFileReader {

	static final String PREFIX = "portsplit";

	private final Path file;

	private final Resource resource;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final Map<String, Integer> serviceLines = new HashMap<>();

	private Map<Option, Integer> seen = new EnumMap<>(Option.class);

	private Map<Option, Integer> counts = new EnumMap<>(Option.class);

	/** Name of the current section, or null while still among the global options. */
	private String service;

	private int serviceIndex = -1;

	private ConfigFileReader(Path file) {
		this.file = file;
		this.resource = new FileSystemResource(file);
	}

	/** Reads {@code content} (the bytes of {@code file}) into a property source. */
	static OriginTrackedMapPropertySource read(byte[] content, Path file) throws ConfigException {
		ConfigFileReader reader = new ConfigFileReader(file);
		int lineNumber = 0;
		int start = 0;
		// Splitting the bytes (not the text) at '\n' is safe in UTF-8 and lets an encoding
		// error be reported on its own line.
		while (start <= content.length) {
			int end = indexOf(content, (byte) '\n', start);
			lineNumber++;
			String line = decode(content, start, end, file, lineNumber);
			if (lineNumber == 1 && line.startsWith("\uFEFF")) {
				line = line.substring(1); // a byte-order mark some editors add
			}
			reader.line(line, lineNumber);
			start = end + 1;
		}
		return new OriginTrackedMapPropertySource("portsplit config '" + file + "'", reader.properties, true);
	}

	private void line(String raw, int lineNumber) throws ConfigException {
		String line = trim(raw);
		if (line.isEmpty() || line.startsWith("#")) {
			return;
		}
		if (line.startsWith("[")) {
			section(line, lineNumber, raw.indexOf('['));
			return;
		}
		int equals = raw.indexOf('=');
		if (equals < 0) {
			throw error(lineNumber, "missing '=' in '" + line + "' (expected 'name = value' or '[service]')");
		}
		String name = trim(raw.substring(0, equals));
		String value = trim(raw.substring(equals + 1));
		int column = raw.indexOf(value, equals + 1);
		if (name.isEmpty()) {
			throw error(lineNumber, "missing option name before '=' in '" + line + "'");
		}
		Option option = Option.named(name).orElseThrow(() -> error(lineNumber, unknown(name)));
		checkScope(option, lineNumber);
		checkRepeat(option, lineNumber);
		if (value.isEmpty() && option != Option.EXECARG) {
			throw error(lineNumber, (option == Option.STRING) ? "empty pattern in 'string': a pattern needs at least one byte"
					: "empty value for '" + option.key() + "'");
		}
		put(option, value, lineNumber, column);
	}

	private void section(String line, int lineNumber, int column) throws ConfigException {
		int close = line.indexOf(']');
		if (close < 0) {
			throw error(lineNumber, "missing ']' in section header '" + line + "'");
		}
		if (close != line.length() - 1) {
			throw error(lineNumber, "unexpected text after ']' in section header '" + line + "'");
		}
		String name = line.substring(1, close);
		if (name.isEmpty()) {
			throw error(lineNumber, "empty service name in '" + line + "'");
		}
		if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
			throw error(lineNumber, "bad service name '" + name + "' in '" + line + "': names may not contain whitespace");
		}
		Integer previous = this.serviceLines.putIfAbsent(name, lineNumber);
		if (previous != null) {
			throw error(lineNumber, "duplicate service [" + name + "]: already defined on line " + previous);
		}
		this.service = name;
		this.serviceIndex++;
		this.seen = new EnumMap<>(Option.class);
		this.counts = new EnumMap<>(Option.class);
		this.properties.put(serviceKey() + ".name", tracked(name, lineNumber, column + 1));
	}

	private void checkScope(Option option, int lineNumber) throws ConfigException {
		if (!option.allowedInServices() && this.service != null) {
			throw error(lineNumber, "'" + option.key() + "' is a global option, not allowed in service [" + this.service
					+ "] (global options go before the first [service] line)");
		}
		if (!option.allowedGlobally() && this.service == null) {
			throw error(lineNumber, "'" + option.key()
					+ "' is a service option, not allowed among the global options (put it after a [service] line)");
		}
		if (option.matching() && isSpecial(this.service)) {
			throw error(lineNumber, "'" + option.key() + "' is not allowed in the special service [" + this.service
					+ "]: it takes an action but no matching options");
		}
	}

	private void checkRepeat(Option option, int lineNumber) throws ConfigException {
		Integer first = this.seen.putIfAbsent(option, lineNumber);
		if (first != null && !option.repeatable()) {
			String where = (this.service != null) ? " in service [" + this.service + "]" : "";
			throw error(lineNumber, "'" + option.key() + "' is given twice" + where + ": already set on line " + first
					+ " (it may appear only once)");
		}
	}

	private void put(Option option, String value, int lineNumber, int column) {
		String base = (this.service != null) ? serviceKey() : PREFIX;
		String key = base + "." + option.key();
		if (option.repeatable()) {
			int index = this.counts.merge(option, 1, Integer::sum) - 1;
			key += "[" + index + "]";
		}
		this.properties.put(key, tracked(value, lineNumber, column));
	}

	private String serviceKey() {
		return PREFIX + ".services[" + this.serviceIndex + "]";
	}

	private OriginTrackedValue tracked(String value, int lineNumber, int column) {
		return OriginTrackedValue.of(value,
				new TextResourceOrigin(this.resource, new TextResourceOrigin.Location(lineNumber - 1, column)));
	}

	private String unknown(String name) {
		String hint = Option.named(name.toLowerCase(Locale.ROOT))
			.map(o -> " (option names are case-sensitive: did you mean '" + o.key() + "'?)")
			.orElse(" (global options: " + Option.names(true) + "; service options: " + Option.names(false) + ")");
		return "unknown option '" + name + "'" + hint;
	}

	private ConfigException error(int lineNumber, String problem) {
		return new ConfigException(this.file, lineNumber, problem);
	}

	static boolean isSpecial(String service) {
		return ServiceSpec.FALLBACK.equals(service) || ServiceSpec.TIMEOUT.equals(service);
	}

	/** The whitespace the file format ignores around names, values and lines. */
	static String trim(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && isSpace(text.charAt(start))) {
			start++;
		}
		while (end > start && isSpace(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(start, end);
	}

	private static boolean isSpace(int c) {
		return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
	}

	private static String decode(byte[] content, int start, int end, Path file, int lineNumber)
			throws ConfigException {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			return decoder.decode(ByteBuffer.wrap(content, start, end - start)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new ConfigException(file, lineNumber, "line is not valid UTF-8 text");
		}
	}

	private static int indexOf(byte[] content, byte wanted, int from) {
		for (int i = from; i < content.length; i++) {
			if (content[i] == wanted) {
				return i;
			}
		}
		return content.length;
	}
}
