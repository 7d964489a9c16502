package io.portsplit.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Keeps the cache directory small: the {@link #KEEP} most recently published entries
 * (an upgrade's new jar and the one before it, or two JDKs), and any entry a running
 * daemon uses, however old; everything else of portsplit's there goes (an entry is
 * ~80 MB). Only directories named like a key are touched, so a cache directory shared
 * with other things loses nothing else. Run by the trainer, under its lock, after it
 * published: no entry is being built meanwhile.
 */
final class CacheEviction {

	static final int KEEP = 2;

	private CacheEviction() {
	}

	/** @param leases a new {@link EntryLease} per entry, to learn whether a daemon holds it */
	static List<Path> evict(Path cacheDirectory, Supplier<EntryLease> leases) throws IOException {
		List<Path> published = new ArrayList<>();
		List<Path> doomed = new ArrayList<>();
		try (Stream<Path> children = Files.list(cacheDirectory)) {
			children.filter(child -> CacheKey.isId(child.getFileName().toString()) && Files.isDirectory(child))
				.forEach(child -> (Files.isRegularFile(child.resolve("files.txt")) ? published : doomed).add(child));
		}
		published.sort(Comparator.comparing(CacheEviction::publishedAt).reversed());
		doomed.addAll(published.subList(Math.min(KEEP, published.size()), published.size()));
		List<Path> deleted = new ArrayList<>();
		for (Path entry : doomed) {
			Path inUse = entry.resolve("in-use");
			if (!Files.exists(inUse)) {
				deleteTree(entry); // never published, or a leftover of an interrupted training: nobody runs from it
				deleted.add(entry);
				continue;
			}
			EntryLease lease = leases.get();
			try {
				if (lease.holdAlone(inUse)) {
					deleteTree(entry);
					deleted.add(entry);
				}
			}
			finally {
				lease.release();
			}
		}
		return deleted;
	}

	/** Deletes {@code directory} and everything in it, as far as it can. */
	static void deleteTree(Path directory) throws IOException {
		List<Path> paths;
		try (Stream<Path> walk = Files.walk(directory)) {
			paths = walk.sorted(Comparator.reverseOrder()).toList();
		}
		catch (NoSuchFileException ex) {
			return;
		}
		for (Path path : paths) {
			Files.deleteIfExists(path);
		}
	}

	private static FileTime publishedAt(Path entry) {
		try {
			return Files.getLastModifiedTime(entry.resolve("files.txt"));
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}
}
