package io.portsplit.jvm;

import java.nio.file.Path;
import java.util.List;

/**
 * The kind of class-data archive the running JDK makes best: an AOT cache (JEP 483/514)
 * from JDK 25, which also keeps classes linked and method profiles; a dynamic CDS archive
 * before. Both are given to the daemon the same way, {@code -XX:SharedArchiveFile}, which
 * JDK 25 takes for an AOT cache too, and which lets one pair of log options silence a
 * refused archive on either JDK ({@code -Xlog:aot=off} would stop JDK 17 from starting).
 */
enum ArchiveKind {

	/** JDK 17 to 24: {@code -XX:ArchiveClassesAtExit}, written as the training run exits. */
	DYNAMIC_CDS("portsplit.jsa", 0xf00baba8),

	/**
	 * JDK 25 and later, in two steps: the training run records a configuration, then a JVM
	 * that runs no application code creates the cache from it. Not the one-step
	 * {@code -XX:AOTCacheOutput}, which forks that second JVM itself with
	 * {@code JAVA_TOOL_OPTIONS}, outside the trainer's control.
	 */
	AOT_CACHE("portsplit.aot", 0xf00baba2);

	static final int AOT_CACHE_FEATURE = 25;

	private final String fileName;

	private final int magic;

	ArchiveKind(String fileName, int magic) {
		this.fileName = fileName;
		this.magic = magic;
	}

	static ArchiveKind of(Runtime.Version version) {
		return (version.feature() >= AOT_CACHE_FEATURE) ? AOT_CACHE : DYNAMIC_CDS;
	}

	static ArchiveKind current() {
		return of(Runtime.version());
	}

	String fileName() {
		return this.fileName;
	}

	/** The file's first four bytes, in the JVM's byte order, as HotSpot writes this kind. */
	int magic() {
		return this.magic;
	}

	/** The options of the training run, which writes {@code archive} (or what it is made from) as it exits. */
	List<String> recordOptions(Path archive, Path configuration) {
		if (this == DYNAMIC_CDS) {
			return List.of("-XX:ArchiveClassesAtExit=" + archive);
		}
		return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration);
	}

	/** The options of the step after the training run, if this kind has one. */
	List<String> createOptions(Path archive, Path configuration) {
		if (this == DYNAMIC_CDS) {
			return List.of();
		}
		return List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + archive);
	}
}
