package io.portsplit.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code pid} file. Written to a fresh temporary file beside it and renamed into
 * place: a rename replaces whatever is at the path, a symbolic link included, without
 * following it, so a link planted there cannot make portsplit overwrite another file
 * (the class of sslh's pid-file CVE).
 */
final class PidFile {

	private final Path path;

	private PidFile(Path path) {
		this.path = path;
	}

	public static PidFile write(Path path) throws IOException {
		Path absolute = path.toAbsolutePath();
		Path directory = absolute.getParent();
		Path temporary = Files.createTempFile(directory, ".portsplit-", ".pid");
		try {
			Files.writeString(temporary, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
			Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temporary);
			throw ex;
		}
		return new PidFile(absolute);
	}

	public Path path() {
		return this.path;
	}

	/** Removes the file if it is still ours (not a link, and holding our pid). */
	public void remove() {
		try {
			if (!Files.isSymbolicLink(this.path) && Files.isRegularFile(this.path)
					&& Files.readString(this.path, StandardCharsets.US_ASCII).trim()
						.equals(Long.toString(ProcessHandle.current().pid()))) {
				Files.delete(this.path);
			}
		}
		catch (IOException ignored) {
			// nothing better to do at exit
		}
	}
}
