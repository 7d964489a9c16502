package io.portsplit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.springframework.boot.env.OriginTrackedMapPropertySource;

/**
 * Reads and checks a configuration file (README, "Configuration file"). Three passes, each stopping at the first
 * error: {@link ConfigFileReader} (line syntax and scopes, into an origin-tracked property
 * source), {@link ConfigBinder} (typed values through Spring's Binder) and
 * {@link ConfigValidator} (the file as a whole).
 */
public final class ConfigLoader {

	private ConfigLoader() {
	}

	/** Loads {@code file}, looking up {@code exec} programs on this process's PATH. */
	public static PortsplitConfig load(Path file) throws ConfigException {
		return load(file, ProgramLocator.fromEnvironment());
	}

	public static PortsplitConfig load(Path file, ProgramLocator programs) throws ConfigException {
		return load(read(file), file, programs);
	}

	/**
	 * Loads {@code text} as if it were the content of {@code file}, which is only used in
	 * messages and to resolve a relative {@code pid}.
	 */
	public static PortsplitConfig load(String text, Path file) throws ConfigException {
		return load(text, file, ProgramLocator.fromEnvironment());
	}

	public static PortsplitConfig load(String text, Path file, ProgramLocator programs) throws ConfigException {
		return load(text.getBytes(StandardCharsets.UTF_8), file, programs);
	}

	private static PortsplitConfig load(byte[] content, Path file, ProgramLocator programs) throws ConfigException {
		OriginTrackedMapPropertySource source = ConfigFileReader.read(content, file);
		PortsplitProperties properties = ConfigBinder.bind(source, file);
		return new ConfigValidator(file, new SourceLines(source), programs).validate(properties);
	}

	private static byte[] read(Path file) throws ConfigException {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new ConfigException(file, 0, "cannot read file: No such file or directory");
		}
		catch (AccessDeniedException ex) {
			throw new ConfigException(file, 0, "cannot read file: Permission denied");
		}
		catch (IOException | SecurityException ex) {
			throw new ConfigException(file, 0, "cannot read file: " + ex.getMessage());
		}
	}
}
