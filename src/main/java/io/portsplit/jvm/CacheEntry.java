package io.portsplit.jvm;

import java.nio.file.Path;

/**
 * Where one key's files are, under the cache directory:
 *
 * <pre>
 * KEY/key.txt              what the key is made of (CacheKey), human-readable
 * KEY/app/portsplit.jar    the jar, extracted: the nested-jar class loader cannot use an archive
 * KEY/app/lib/*.jar
 * KEY/portsplit.jsa        the archive (portsplit.aot on JDK 25 and later)
 * KEY/files.txt            size and modification time of the archive and every extracted file;
 *                          written last, so its presence is what makes the entry usable
 * KEY/in-use               locked shared by each daemon running from the entry
 * KEY/training.log         what the training steps printed
 * </pre>
 *
 * The entry is built at this path, not elsewhere and moved: a dynamic CDS archive records
 * the absolute paths of the jars and JDK 17 refuses it for the same jars anywhere else.
 */
final class CacheEntry {

	static final String APP_JAR = "portsplit.jar";

	private final Path cacheDirectory;

	private final Path directory;

	private final ArchiveKind kind;

	CacheEntry(Path cacheDirectory, String id, ArchiveKind kind) {
		this.cacheDirectory = cacheDirectory;
		this.directory = cacheDirectory.resolve(id);
		this.kind = kind;
	}

	static CacheEntry of(Path cacheDirectory, CacheKey key, ArchiveKind kind) {
		return new CacheEntry(cacheDirectory, key.id(), kind);
	}

	Path cacheDirectory() {
		return this.cacheDirectory;
	}

	Path directory() {
		return this.directory;
	}

	ArchiveKind kind() {
		return this.kind;
	}

	Path app() {
		return this.directory.resolve("app");
	}

	Path appJar() {
		return app().resolve(APP_JAR);
	}

	Path archive() {
		return this.directory.resolve(this.kind.fileName());
	}

	/** JDK 25's recorded configuration, between the training run and the creation of the cache. */
	Path aotConfiguration() {
		return this.directory.resolve("portsplit.aotconf");
	}

	Path keyFile() {
		return this.directory.resolve("key.txt");
	}

	Path manifest() {
		return this.directory.resolve("files.txt");
	}

	Path inUse() {
		return this.directory.resolve("in-use");
	}

	Path log() {
		return this.directory.resolve("training.log");
	}

	@Override
	public String toString() {
		return this.directory.toString();
	}
}
