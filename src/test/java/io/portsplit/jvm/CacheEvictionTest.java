package io.portsplit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stays in the cache directory after a training published an entry. */
class CacheEvictionTest {

	@TempDir
	Path cache;

	@Test
	void theTwoNewestEntriesStayOlderOnesAndLeftoversGoAndNothingElseIsTouched() throws Exception {
		Path oldest = entry("000000000000000a", "2026-01-01T00:00:00Z");
		Path older = entry("000000000000000b", "2026-01-02T00:00:00Z");
		Path newer = entry("000000000000000c", "2026-01-03T00:00:00Z");
		Path newest = entry("000000000000000d", "2026-01-04T00:00:00Z");
		Path leftover = Files.createDirectories(this.cache.resolve("000000000000000e/app"));
		Path foreign = Files.createDirectories(this.cache.resolve("not-portsplits"));
		Path lock = Files.writeString(this.cache.resolve("lock"), "");

		CacheEviction.evict(this.cache, () -> new EntryLease(NativeCalls.load()));

		assertThat(newest).isDirectory();
		assertThat(newer).isDirectory();
		assertThat(older).doesNotExist();
		assertThat(oldest).doesNotExist();
		assertThat(leftover.getParent()).doesNotExist();
		assertThat(foreign).isDirectory();
		assertThat(lock).exists();
	}

	@Test
	void anEntryARunningDaemonHoldsStaysHoweverOld() throws Exception {
		Path held = entry("000000000000000a", "2026-01-01T00:00:00Z");
		entry("000000000000000b", "2026-01-02T00:00:00Z");
		entry("000000000000000c", "2026-01-03T00:00:00Z");
		EntryLease daemon = new EntryLease(NativeCalls.load());
		assertThat(daemon.hold(held.resolve("in-use"))).isTrue();
		try {
			CacheEviction.evict(this.cache, () -> new EntryLease(NativeCalls.load()));

			assertThat(held.resolve("app/portsplit.jar")).exists();
		}
		finally {
			daemon.release();
		}
		CacheEviction.evict(this.cache, () -> new EntryLease(NativeCalls.load()));
		assertThat(held).doesNotExist();
	}

	@Test
	void aSwitchCannotTakeAnEntryWhileItIsBeingDeleted() throws Exception {
		Path entry = entry("000000000000000a", "2026-01-01T00:00:00Z");
		EntryLease eviction = new EntryLease(NativeCalls.load());
		assertThat(eviction.holdAlone(entry.resolve("in-use"))).isTrue();
		try {
			assertThat(new EntryLease(NativeCalls.load()).hold(entry.resolve("in-use"))).isFalse();
		}
		finally {
			eviction.release();
		}
		assertThat(new EntryLease(NativeCalls.load()).hold(this.cache.resolve("0000000000000000/in-use"))).isFalse();
	}

	private Path entry(String id, String published) throws Exception {
		Path entry = Files.createDirectories(this.cache.resolve(id).resolve("app"));
		Files.writeString(entry.resolve("portsplit.jar"), "jar");
		Files.createFile(entry.getParent().resolve("in-use"));
		Path manifest = Files.writeString(entry.getParent().resolve("files.txt"), "");
		Files.setLastModifiedTime(manifest, FileTime.from(Instant.parse(published)));
		return entry.getParent();
	}
}
