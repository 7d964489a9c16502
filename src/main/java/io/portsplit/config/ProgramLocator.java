package io.portsplit.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Finds the program of an {@code exec} action the way {@code execvp} would: a name with a
 * {@code /} is a path (relative ones against the working directory), any other name is looked
 * up in the directories of {@code PATH}. Loading a configuration uses it to reject a program
 * that could never start; the exec action uses it to find what to run.
 */
public final class ProgramLocator {

	// What the JDK's process launcher searches when PATH is not set.
	private static final String DEFAULT_PATH = "/bin:/usr/bin";

	private final String searchPath;

	/** @param searchPath a PATH value (directories separated by {@code :}), or null for a default */
	public ProgramLocator(String searchPath) {
		this.searchPath = (searchPath != null) ? searchPath : DEFAULT_PATH;
	}

	/** A locator searching this process's {@code PATH}. */
	public static ProgramLocator fromEnvironment() {
		return new ProgramLocator(System.getenv("PATH"));
	}

	/**
	 * The absolute path of the executable file that {@code program} names.
	 * @throws ProgramNotFoundException with a message for the operator if there is none
	 */
	public Path locate(String program) throws ProgramNotFoundException {
		if (program.indexOf('/') >= 0) {
			return checkPath(program);
		}
		Path notExecutable = null;
		for (String dir : this.searchPath.split(":", -1)) {
			// An empty entry means the working directory, as for execvp.
			Path candidate = resolve(dir.isEmpty() ? "." : dir, program);
			if (candidate == null || !Files.isRegularFile(candidate)) {
				continue;
			}
			if (Files.isExecutable(candidate)) {
				return candidate.toAbsolutePath();
			}
			if (notExecutable == null) {
				notExecutable = candidate;
			}
		}
		if (notExecutable != null) {
			throw new ProgramNotFoundException(
					"program '" + program + "' found on PATH as '" + notExecutable + "', but it is not executable");
		}
		throw new ProgramNotFoundException("program '" + program + "' not found on PATH (" + this.searchPath + ")");
	}

	private static Path checkPath(String program) throws ProgramNotFoundException {
		Path path;
		try {
			path = Path.of(program).toAbsolutePath();
		}
		catch (InvalidPathException ex) {
			throw new ProgramNotFoundException("program '" + program + "' is not a valid path");
		}
		if (!Files.exists(path)) {
			throw new ProgramNotFoundException("program '" + program + "' not found");
		}
		if (Files.isDirectory(path)) {
			throw new ProgramNotFoundException("program '" + program + "' is a directory, not a program");
		}
		if (!Files.isExecutable(path)) {
			throw new ProgramNotFoundException("program '" + program + "' is not executable");
		}
		return path;
	}

	private static Path resolve(String dir, String program) {
		try {
			return Path.of(dir + File.separator + program);
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	/** The program cannot be run; the message says why, quoting the program. */
	public static final class ProgramNotFoundException extends Exception {

		public ProgramNotFoundException(String message) {
			super(message);
		}
	}
}
