package io.portsplit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code --config=FILE} or a bare {@code FILE}, {@code --check},
 * {@code --explain HEX}, {@code --help}, {@code --version}; every other
 * {@code --name=value} is a Spring property and is passed on untouched.
 */
record CommandLine(Mode mode, Path configFile, String explainHex, List<String> springArgs) {

	/** What the command asks for. */
	enum Mode {
		RUN, CHECK, HELP, VERSION
	}

	static final String USAGE = """
			usage: java -jar portsplit.jar [--config=]FILE [--spring.property=value ...]
			       java -jar portsplit.jar --check [--config=]FILE [--explain HEX]
			       java -jar portsplit.jar --help | --version

			  --config=FILE, FILE   the configuration file to run on
			  --check               validate the file, print a summary, bind nothing (exit 0 or 2)
			  --explain HEX         with --check: where these first bytes would go, and why
			  -h, --help            this text
			  -V, --version         the version
			  --name=value          any Spring Boot property (logging.level.*, server.port, ...)

			exit codes: 0 normal stop, 1 start-up failure (e.g. an address in use), 2 bad configuration""";

	static CommandLine parse(String[] args) throws UsageException {
		Path file = null;
		boolean check = false;
		String explain = null;
		List<String> spring = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "-h", "--help" -> {
					return new CommandLine(Mode.HELP, null, null, List.of());
				}
				case "-V", "--version" -> {
					return new CommandLine(Mode.VERSION, null, null, List.of());
				}
				case "--check" -> check = true;
				case "--config", "--explain" -> {
					if (i + 1 >= args.length) {
						throw new UsageException(arg + " needs a value");
					}
					String value = args[++i];
					if (arg.equals("--config")) {
						file = setOnce(file, value);
					}
					else {
						explain = value;
					}
				}
				default -> {
					if (arg.startsWith("--config=")) {
						file = setOnce(file, arg.substring("--config=".length()));
					}
					else if (arg.startsWith("--check=")) {
						check = true;
						file = setOnce(file, arg.substring("--check=".length()));
					}
					else if (arg.startsWith("--explain=")) {
						explain = arg.substring("--explain=".length());
					}
					else if ((arg.startsWith("--") && arg.indexOf('=') > 2) || arg.equals("--debug") || arg.equals("--trace")) {
						spring.add(arg);
					}
					else if (arg.startsWith("-")) {
						throw new UsageException("unknown option '" + arg + "'"
								+ (arg.startsWith("--") ? " (Spring properties are written --name=value)" : ""));
					}
					else {
						file = setOnce(file, arg);
					}
				}
			}
		}
		// Before the missing file: "--explain 47" alone is a forgotten --check more often than a forgotten file.
		if (explain != null && !check) {
			throw new UsageException("--explain needs --check");
		}
		if (file == null) {
			throw new UsageException("no configuration file given");
		}
		return new CommandLine(check ? Mode.CHECK : Mode.RUN, file, explain, List.copyOf(spring));
	}

	private static Path setOnce(Path current, String value) throws UsageException {
		if (current != null) {
			throw new UsageException("more than one configuration file given");
		}
		if (value.isEmpty()) {
			throw new UsageException("empty configuration file name");
		}
		return Path.of(value);
	}

	static final class UsageException extends Exception {

		UsageException(String message) {
			super(message, null, false, false);
		}
	}
}
