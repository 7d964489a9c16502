package io.portsplit.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The switch's question to the cache: which entry, if any, the daemon runs from. Nothing
 * here may fail a start or make it slower than a start without a cache: any doubt (cache
 * off, no directory, a jar that cannot be read, an entry missing, unpublished, stale,
 * truncated or foreign, an entry being evicted) is answered with "no entry", and the
 * switch runs the daemon from the jar as it would without a cache.
 */
final class StartCache {

	/** The in-use lock the switch takes on an entry before it checks it (see {@link EntryLease}). */
	interface Lease {

		boolean hold(Path file);

		void release();
	}

	private StartCache() {
	}

	/**
	 * @param jar the jar of the plain command line
	 * @param jvm this JVM's system properties, whose {@code java.home} runs the daemon
	 * @param options the switch's JVM options, part of the key
	 */
	static CacheUse choose(Path jar, Map<String, String> environment, Properties jvm, Path workingDirectory,
			List<String> options, ArchiveKind kind, Lease lease) {
		if (!CacheSettings.enabled(environment, jvm.getProperty(CacheSettings.PROPERTY))) {
			return CacheUse.none();
		}
		Optional<Path> directory = CacheDirectory.locate(environment, jvm.getProperty("user.home"), workingDirectory);
		if (directory.isEmpty()) {
			return CacheUse.none();
		}
		CacheKey key;
		try {
			key = CacheKey.of(jar, jvm, options);
		}
		catch (IOException | RuntimeException ex) {
			return CacheUse.none();
		}
		CacheEntry entry = CacheEntry.of(directory.get(), key, kind);
		// Locked first, checked second: an entry that passes the check can no longer be evicted under the
		// daemon. A first start has no entry at all, and no reason to pay for binding libc's functions.
		if (Files.exists(entry.inUse()) && lease.hold(entry.inUse())) {
			if (EntryValidation.isValid(entry, key)) {
				return CacheUse.use(entry);
			}
			lease.release();
		}
		return CacheUse.train(entry);
	}
}
