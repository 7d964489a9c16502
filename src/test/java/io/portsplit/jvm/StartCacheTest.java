package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which entry the switch runs the daemon from: a published, intact entry of exactly this
 * key, or none; never one in doubt. Entries here are real files with the layout the
 * trainer makes, and an archive that only starts like one (the JVM itself checks real
 * archives in StartCacheIT).
 */
class StartCacheTest {

	@TempDir
	Path dir;

	private Path jar;

	private Path cache;

	private final FakeLease lease = new FakeLease();

	@BeforeEach
	void jar() throws Exception {
		this.jar = Files.writeString(this.dir.resolve("portsplit.jar"), "the jar");
		this.cache = this.dir.resolve("cache");
	}

	@Test
	void aPublishedIntactEntryOfThisKeyIsUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);

		CacheUse use = choose(ArchiveKind.DYNAMIC_CDS, Map.of());

		assertThat(use.uses()).isTrue();
		assertThat(use.jar(this.jar)).isEqualTo(entry.appJar());
		assertThat(use.options(this.jar)).contains("-XX:SharedArchiveFile=" + entry.archive());
		assertThat(this.lease.held).isEqualTo(entry.inUse());
		assertThat(this.lease.released).isFalse();
	}

	@Test
	void anAotCacheIsCheckedForItsOwnMagic() throws Exception {
		publish(ArchiveKind.AOT_CACHE);

		assertThat(choose(ArchiveKind.AOT_CACHE, Map.of()).uses()).isTrue();
		assertThat(choose(ArchiveKind.DYNAMIC_CDS, Map.of()).uses()).isFalse();
	}

	@Test
	void noEntryYetMeansTheDaemonTrainsOne() throws Exception {
		CacheUse use = choose(ArchiveKind.DYNAMIC_CDS, Map.of());

		assertThat(use.uses()).isFalse();
		assertThat(use.trains()).isTrue();
		assertThat(use.jar(this.jar)).isEqualTo(this.jar);
		assertThat(use.options(this.jar)).anyMatch(option -> option.startsWith("-Dportsplit.cache.train=" + this.cache));
	}

	@Test
	void anUnpublishedEntryIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		Files.delete(entry.manifest());

		assertNotUsedAndReleased();
	}

	@Test
	void anExtractedJarTouchedSinceTheTrainingIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		Files.setLastModifiedTime(entry.app().resolve("lib/a.jar"), FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));

		assertNotUsedAndReleased();
	}

	@Test
	void aMissingLibraryIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		Files.delete(entry.app().resolve("lib/a.jar"));

		assertNotUsedAndReleased();
	}

	@Test
	void aTruncatedArchiveIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		try (FileChannel archive = FileChannel.open(entry.archive(), StandardOpenOption.WRITE)) {
			archive.truncate(512);
		}

		assertNotUsedAndReleased();
	}

	@Test
	void aForeignFileInPlaceOfTheArchiveIsNotUsedEvenWithTheSameSizeAndTime() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		FileTime time = Files.getLastModifiedTime(entry.archive());
		Files.write(entry.archive(), new byte[(int) Files.size(entry.archive())]);
		Files.setLastModifiedTime(entry.archive(), time);

		assertNotUsedAndReleased();
	}

	@Test
	void anEntryWhoseKeyFileSaysOtherwiseIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		Files.writeString(entry.keyFile(), "format 1\njar /elsewhere/portsplit.jar\n");

		assertNotUsedAndReleased();
	}

	@Test
	void garbageInTheManifestIsNotUsed() throws Exception {
		CacheEntry entry = publish(ArchiveKind.DYNAMIC_CDS);
		Files.writeString(entry.manifest(), "\u0000\u0001garbage\n");

		assertNotUsedAndReleased();
		Files.writeString(entry.manifest(), "1 2026-01-01T00:00:00Z ../../etc/passwd\n");
		assertNotUsedAndReleased();
	}

	@Test
	void anotherJvmsEntryIsNotFound() throws Exception {
		publish(ArchiveKind.DYNAMIC_CDS);
		Properties otherJvm = jvm();
		otherJvm.setProperty("java.vm.version", "17.0.99+1");

		CacheUse use = StartCache.choose(this.jar, Map.of("PORTSPLIT_CACHE_DIR", this.cache.toString()), otherJvm,
				this.dir, DaemonJvm.OPTIONS, ArchiveKind.DYNAMIC_CDS, this.lease);

		assertThat(use.uses()).isFalse();
		assertThat(use.trains()).isTrue();
	}

	@Test
	void aJarTouchedSinceTheTrainingIsAnotherKey() throws Exception {
		publish(ArchiveKind.DYNAMIC_CDS);
		Files.setLastModifiedTime(this.jar, FileTime.from(Instant.parse("2026-03-01T00:00:00Z")));

		assertThat(choose(ArchiveKind.DYNAMIC_CDS, Map.of()).uses()).isFalse();
	}

	@Test
	void anEntryBeingEvictedIsNotUsed() throws Exception {
		publish(ArchiveKind.DYNAMIC_CDS);
		this.lease.refuse = true;

		assertThat(choose(ArchiveKind.DYNAMIC_CDS, Map.of()).uses()).isFalse();
	}

	@Test
	void theOffSwitchTurnsOffUseAndTraining() throws Exception {
		publish(ArchiveKind.DYNAMIC_CDS);

		for (Map<String, String> off : java.util.List.of(Map.of("PORTSPLIT_CACHE", "off"),
				Map.of("PORTSPLIT_CACHE", "OFF "))) {
			CacheUse use = choose(ArchiveKind.DYNAMIC_CDS, off);
			assertThat(use.uses()).isFalse();
			assertThat(use.trains()).isFalse();
			assertThat(use.options(this.jar)).isEmpty();
		}
		Properties jvm = jvm();
		jvm.setProperty("portsplit.cache", "off");
		CacheUse byProperty = StartCache.choose(this.jar, Map.of("PORTSPLIT_CACHE_DIR", this.cache.toString()), jvm,
				this.dir, DaemonJvm.OPTIONS, ArchiveKind.DYNAMIC_CDS, this.lease);
		assertThat(byProperty.uses() || byProperty.trains()).isFalse();
		assertThat(this.lease.held).isNull();
	}

	@Test
	void anUnreadableJarIsNoCacheAtAll() throws Exception {
		Files.delete(this.jar);

		CacheUse use = choose(ArchiveKind.DYNAMIC_CDS, Map.of());

		assertThat(use.uses() || use.trains()).isFalse();
	}

	private void assertNotUsedAndReleased() {
		this.lease.released = false;
		CacheUse use = choose(ArchiveKind.DYNAMIC_CDS, Map.of());
		assertThat(use.uses()).isFalse();
		assertThat(use.trains()).isTrue();
		assertThat(this.lease.released).as("the in-use lock of an entry not used is let go").isTrue();
	}

	private CacheUse choose(ArchiveKind kind, Map<String, String> extraEnvironment) {
		Map<String, String> environment = new java.util.HashMap<>(extraEnvironment);
		environment.put("PORTSPLIT_CACHE_DIR", this.cache.toString());
		return StartCache.choose(this.jar, environment, jvm(), this.dir, DaemonJvm.OPTIONS, kind, this.lease);
	}

	/** An entry as the trainer leaves it: key, extracted jars, an archive (a header and padding), in-use, manifest. */
	private CacheEntry publish(ArchiveKind kind) throws Exception {
		CacheKey key = CacheKey.of(this.jar, jvm(), DaemonJvm.OPTIONS);
		CacheEntry entry = CacheEntry.of(this.cache, key, kind);
		Files.createDirectories(entry.app().resolve("lib"));
		Files.writeString(entry.keyFile(), key.text(), StandardCharsets.UTF_8);
		Files.writeString(entry.appJar(), "thin jar");
		Files.writeString(entry.app().resolve("lib/a.jar"), "library");
		ByteBuffer archive = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
		archive.putInt(kind.magic());
		Files.write(entry.archive(), archive.array());
		Files.createFile(entry.inUse());
		EntryManifest.write(entry);
		return entry;
	}

	private static Properties jvm() {
		Properties jvm = new Properties();
		jvm.putAll(System.getProperties());
		jvm.remove("portsplit.cache");
		return jvm;
	}

	/** Holds any existing file; releasing is recorded. */
	private static final class FakeLease implements StartCache.Lease {

		Path held;

		boolean released;

		boolean refuse;

		@Override
		public boolean hold(Path file) {
			if (this.refuse || !Files.exists(file)) {
				return false;
			}
			this.held = file;
			this.released = false;
			return true;
		}

		@Override
		public void release() {
			this.released = true;
		}
	}
}
