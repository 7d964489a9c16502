package io.portsplit.jvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cache adds to the switch's command: a valid entry's archive and extracted jar;
 * or, when there is none yet, the entry the daemon is to train once it serves; or nothing
 * (cache off, no usable directory). Either way the daemon learns which jar it was started
 * as ({@code -Dportsplit.jar}): with an entry, the jar on its command line is the cached
 * copy.
 */
final class CacheUse {

	static final String JAR_PROPERTY = "portsplit.jar";

	static final String TRAIN_PROPERTY = "portsplit.cache.train";

	/**
	 * A refused archive is no reason for a message on the daemon's standard output: the
	 * validation has already made that rare, and the start goes on without it. JDK 25 tags
	 * these lines {@code cds} too when the archive is given as {@code SharedArchiveFile}.
	 */
	static final List<String> QUIET_ARCHIVE = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

	private final CacheEntry use;

	private final CacheEntry train;

	private CacheUse(CacheEntry use, CacheEntry train) {
		this.use = use;
		this.train = train;
	}

	static CacheUse none() {
		return new CacheUse(null, null);
	}

	static CacheUse use(CacheEntry entry) {
		return new CacheUse(entry, null);
	}

	static CacheUse train(CacheEntry entry) {
		return new CacheUse(null, entry);
	}

	boolean uses() {
		return this.use != null;
	}

	boolean trains() {
		return this.train != null;
	}

	/** The JVM options to add after the switch's own. */
	List<String> options(Path jar) {
		List<String> options = new ArrayList<>();
		if (this.use != null) {
			options.add("-XX:SharedArchiveFile=".concat(this.use.archive().toString()));
			options.addAll(QUIET_ARCHIVE);
		}
		if (this.use != null || this.train != null) {
			options.add("-D".concat(JAR_PROPERTY).concat("=").concat(jar.toString()));
		}
		if (this.train != null) {
			options.add("-D".concat(TRAIN_PROPERTY).concat("=").concat(this.train.directory().toString()));
		}
		return options;
	}

	/** The jar for {@code -jar}. */
	Path jar(Path jar) {
		return (this.use != null) ? this.use.appJar() : jar;
	}
}
