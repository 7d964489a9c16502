package io.portsplit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code --config=FILE} or a bare {@code FILE}, {@code --check}; every other
 * {@code --name=value} is a Spring property and is passed on untouched.
 */
record CommandLine(Path configFile, boolean check, String explainHex, List<String> springArgs) {

	static final String USAGE = "usage: java -jar portsplit.jar --config=FILE [--spring.property=value ...]\n"
			+ "       java -jar portsplit.jar FILE\n"
			+ "       java -jar portsplit.jar --check FILE [--explain HEX]";

	static CommandLine parse(String[] args) throws UsageException {
		Path file = null;
		boolean check = false;
		String explain = null;
		List<String> spring = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--check")) {
				check = true;
			}
			else if (arg.startsWith("--config=")) {
				file = setOnce(file, arg.substring("--config=".length()));
			}
			else if (arg.equals("--config") && i + 1 < args.length) {
				file = setOnce(file, args[++i]);
			}
			else if (arg.startsWith("--explain=")) {
				explain = arg.substring("--explain=".length());
			}
			else if (arg.equals("--explain") && i + 1 < args.length) {
				explain = args[++i];
			}
			else if (arg.startsWith("--")) {
				spring.add(arg);
			}
			else {
				file = setOnce(file, arg);
			}
		}
		if (file == null) {
			throw new UsageException("no configuration file given");
		}
		if (explain != null && !check) {
			throw new UsageException("--explain needs --check");
		}
		return new CommandLine(file, check, explain, List.copyOf(spring));
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
