package io.portsplit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes configuration files (README "Configuration file") into a test's temporary directory. */
public final class ConfigFiles {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private ConfigFiles() {
	}

	/** Writes {@code text} to a new file {@code portsplit-N.conf} in {@code dir}. */
	public static Path write(Path dir, String text) {
		return overwrite(dir.resolve("portsplit-" + SEQUENCE.incrementAndGet() + ".conf"), text);
	}

	/** Writes (or overwrites) exactly {@code file}. */
	public static Path overwrite(Path file, String text) {
		try {
			return Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code bind = 127.0.0.1:PORT}. */
	public static String bind(int port) {
		return "bind = 127.0.0.1:" + port + "\n";
	}

	/** {@code pid = FILE}, by absolute path. */
	public static String pidLine(Path pidFile) {
		return "pid = " + pidFile.toAbsolutePath() + "\n";
	}

	/** {@code [name]}, one {@code string} line per pattern, and {@code connect} to the backend. */
	public static String connectService(String name, TestBackend backend, String... patterns) {
		StringBuilder text = new StringBuilder("[").append(name).append("]\n");
		for (String pattern : patterns) {
			text.append("string = ").append(pattern).append('\n');
		}
		return text.append("connect = ").append(backend.target()).append('\n').toString();
	}
}
