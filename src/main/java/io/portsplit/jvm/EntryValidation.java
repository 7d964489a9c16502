package io.portsplit.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Whether an entry may be handed to the JVM. A stale, truncated or foreign archive is
 * not refused gracefully: JDK 25 then runs with no class-data sharing at all, not even
 * the JDK's own archive, which is a slower start than no cache, and JDK 17 crashes on a
 * truncated dynamic archive (SIGBUS while mapping it). So the entry is used only when its
 * key is the one asked for, word for word, when every file it was published with is
 * still as it was ({@link EntryManifest}), and when the archive starts as a HotSpot
 * archive of its kind does. A few dozen file stats and three small reads.
 */
final class EntryValidation {

	private EntryValidation() {
	}

	static boolean isValid(CacheEntry entry, CacheKey key) {
		try {
			return Files.readString(entry.keyFile(), StandardCharsets.UTF_8).equals(key.text())
					&& EntryManifest.matches(entry) && hasArchiveMagic(entry);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static boolean hasArchiveMagic(CacheEntry entry) throws IOException {
		byte[] head = new byte[4];
		try (InputStream in = Files.newInputStream(entry.archive())) {
			if (in.readNBytes(head, 0, head.length) != head.length) {
				return false;
			}
		}
		return ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()).getInt() == entry.kind().magic();
	}
}
