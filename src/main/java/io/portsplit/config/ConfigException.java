package io.portsplit.config;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used. Its message is already in the form the
 * operator sees: {@code FILE:LINE: what is wrong} (LINE left out when no line applies).
 */
public class ConfigException extends Exception {

	private final transient Path file;

	private final int line;

	private final String problem;

	public ConfigException(Path file, int line, String problem) {
		super(file + (line > 0 ? ":" + line : "") + ": " + problem, null, false, false);
		this.file = file;
		this.line = line;
		this.problem = problem;
	}

	public Path file() {
		return this.file;
	}

	/** 1-based line, or 0 when the problem is not on one line. */
	public int line() {
		return this.line;
	}

	public String problem() {
		return this.problem;
	}
}
