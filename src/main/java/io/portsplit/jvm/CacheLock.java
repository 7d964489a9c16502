package io.portsplit.jvm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One trainer at a time per cache directory, across processes (two instances started
 * together would otherwise train the same entry twice, into the same files). The lock is
 * the kernel's, on the directory's {@code lock} file, so a trainer that dies releases it.
 * Taking it is also the trainer's first write to the directory: where it fails, the
 * directory is unusable and the trainer says so once.
 */
final class CacheLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private CacheLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * @return the lock, or null if another trainer holds it
	 * @throws IOException if the directory or its lock file cannot be created or written
	 */
	static CacheLock tryAcquire(Path cacheDirectory) throws IOException {
		Files.createDirectories(cacheDirectory);
		FileChannel channel = FileChannel.open(cacheDirectory.resolve("lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		try {
			FileLock lock = channel.tryLock();
			if (lock != null) {
				return new CacheLock(channel, lock);
			}
		}
		catch (OverlappingFileLockException ex) {
			// this JVM trains already
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		channel.close();
		return null;
	}

	@Override
	public void close() throws IOException {
		try {
			this.lock.release();
		}
		finally {
			this.channel.close();
		}
	}
}
