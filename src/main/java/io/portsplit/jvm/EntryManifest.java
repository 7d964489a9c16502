package io.portsplit.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The entry's {@code files.txt}: one {@code SIZE MTIME PATH} line for the archive and for
 * every extracted file, PATH relative to the entry. The JVM checks the size and
 * modification time of each jar of an archive's class path and refuses the archive when
 * one differs, which on JDK 25 leaves it with no class-data sharing at all; checking them
 * first keeps such a start on the JDK's own archive instead. The archive's own size is
 * checked too: JDK 17 crashes on a truncated one. Written to a temporary name and
 * renamed: the rename publishes the entry, all at once.
 */
final class EntryManifest {

	private EntryManifest() {
	}

	/** Records the archive and the extracted files as they are now, and so publishes the entry. */
	static void write(CacheEntry entry) throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(entry.archive());
		try (Stream<Path> app = Files.walk(entry.app())) {
			app.filter(Files::isRegularFile).sorted().forEach(files::add);
		}
		StringBuilder text = new StringBuilder();
		for (Path file : files) {
			text.append(stamp(file)).append(' ').append(entry.directory().relativize(file)).append('\n');
		}
		Path temporary = entry.directory().resolve(entry.manifest().getFileName() + ".tmp");
		Files.writeString(temporary, text, StandardCharsets.UTF_8);
		Files.move(temporary, entry.manifest(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Whether the entry is published and every file it lists, the archive and the
	 * extracted jar among them, still has the size and time it had then.
	 */
	static boolean matches(CacheEntry entry) {
		try {
			List<String> lines = Files.readAllLines(entry.manifest(), StandardCharsets.UTF_8);
			boolean archive = false;
			boolean jar = false;
			for (String line : lines) {
				String[] fields = line.split(" ", 3);
				if (fields.length != 3) {
					return false;
				}
				Path file = entry.directory().resolve(fields[2]).normalize();
				if (!file.startsWith(entry.directory())
						|| !stamp(file).equals(fields[0].concat(" ").concat(fields[1]))) {
					return false;
				}
				archive |= file.equals(entry.archive());
				jar |= file.equals(entry.appJar());
			}
			return archive && jar;
		}
		catch (IOException | RuntimeException ex) {
			return false; // unpublished, unreadable or not ours
		}
	}

	private static String stamp(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		if (!attributes.isRegularFile()) {
			throw new IOException(file.toString().concat(": not a regular file"));
		}
		return CacheKey.stamp(attributes);
	}
}
