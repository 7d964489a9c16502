package io.portsplit.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a start-up cache entry is valid for, as text (written to the entry's
 * {@code key.txt}, so that an operator can read what it was made for) and as its
 * directory's name, a hash of that text. It names everything the JVM checks before it
 * maps an archive: the jar (real path, size, modification time), the JVM (home, version,
 * vendor, architecture, and the files of its own build that an archive depends on:
 * libjvm, the module image, the JDK's base archive) and the options the switch runs
 * the daemon with. Any of them changing makes another key: the entry of the old one is
 * simply not found.
 * <p>
 * The hash is 64-bit FNV-1a, not a message digest: {@code MessageDigest} costs 60-70 ms
 * of provider set-up in the switch's short-lived first JVM, and a collision is harmless
 * because the entry's {@code key.txt} is compared in full before it is used.
 */
final class CacheKey {

	/** Raised when the entry's layout or the meaning of a component changes. */
	static final int FORMAT = 1;

	/** The files of the JVM's own build whose change invalidates an archive made on it. */
	private static final List<String> JVM_FILES = List.of("lib/server/libjvm.so", "lib/modules",
			"lib/server/classes.jsa");

	private final Path jar;

	private final String text;

	private CacheKey(Path jar, String text) {
		this.jar = jar;
		this.text = text;
	}

	/**
	 * The key of running {@code jar} on the JVM that {@code jvm} (its system properties)
	 * describes, with {@code options}.
	 */
	static CacheKey of(Path jar, Properties jvm, List<String> options) throws IOException {
		Path real = jar.toRealPath();
		Path javaHome = Path.of(jvm.getProperty("java.home", ""));
		StringBuilder text = new StringBuilder();
		line(text, "format", Integer.toString(FORMAT));
		line(text, "jar", real.toString());
		line(text, "jar.file", stamp(real));
		line(text, "java.home", javaHome.toString());
		line(text, "java.vm.version", jvm.getProperty("java.vm.version", ""));
		line(text, "java.vm.vendor", jvm.getProperty("java.vm.vendor", ""));
		line(text, "os.arch", jvm.getProperty("os.arch", ""));
		for (String file : JVM_FILES) {
			line(text, file, stampIfPresent(javaHome.resolve(file)));
		}
		line(text, "options", String.join(" ", options));
		return new CacheKey(real, text.toString());
	}

	/** The jar it was made for, by its real path. */
	Path jar() {
		return this.jar;
	}

	/** One {@code name value} line per component. */
	String text() {
		return this.text;
	}

	/** The entry's directory name: 16 hexadecimal digits. */
	String id() {
		long hash = 0xcbf29ce484222325L;
		for (byte b : this.text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		String hex = Long.toHexString(hash);
		return "0000000000000000".substring(hex.length()).concat(hex);
	}

	/** Whether {@code name} looks like an entry's directory, so that nothing else in a shared directory is touched. */
	static boolean isId(String name) {
		return name.length() == 16 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
	}

	private static void line(StringBuilder text, String name, String value) {
		text.append(name).append(' ').append(value).append('\n');
	}

	private static String stamp(Path file) throws IOException {
		return stamp(Files.readAttributes(file, BasicFileAttributes.class));
	}

	/**
	 * {@code SIZE SECONDS.NANOSECONDS}, the modification time as {@code stat -c %.9Y} prints
	 * it: in full, as the file system keeps it, and without {@code java.time}'s formatting,
	 * which would load a few hundred classes into the switch's first JVM.
	 */
	static String stamp(BasicFileAttributes attributes) {
		long nanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
		String fraction = Long.toString(Math.floorMod(nanos, 1_000_000_000L));
		return new StringBuilder().append(attributes.size())
			.append(' ')
			.append(Math.floorDiv(nanos, 1_000_000_000L))
			.append('.')
			.append("000000000", fraction.length(), 9)
			.append(fraction)
			.toString();
	}

	private static String stampIfPresent(Path file) throws IOException {
		try {
			return stamp(file);
		}
		catch (NoSuchFileException ex) {
			return "absent";
		}
	}

	@Override
	public String toString() {
		return id();
	}
}
