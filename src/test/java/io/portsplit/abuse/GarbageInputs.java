package io.portsplit.abuse;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * First writes a fuzzer would not bother to make but a broken or hostile client does:
 * random bytes of random lengths, long runs of 0x08 (backspace), 0x00 and 0xFF, a 1 MiB
 * first write, and a real pattern's prefix turning into garbage. Seeded, so a failure
 * names the input that caused it.
 */
final class GarbageInputs {

	static final int ONE_MIB = 1024 * 1024;

	private GarbageInputs() {
	}

	static byte[] input(long seed, byte[][] patterns) {
		SplittableRandom random = new SplittableRandom(seed);
		return switch ((int) (seed % 7)) {
			case 0 -> randomBytes(random, 1 + random.nextInt(4096));
			case 1 -> run((byte) 0x08, 1 + random.nextInt(200_000));
			case 2 -> run((byte) 0x00, 1 + random.nextInt(200_000));
			case 3 -> run((byte) 0xFF, 1 + random.nextInt(200_000));
			case 4 -> randomBytes(random, ONE_MIB);
			case 5 -> {
				byte[] pattern = patterns[random.nextInt(patterns.length)];
				int keep = random.nextInt(pattern.length + 1);
				byte[] tail = randomBytes(random, 1 + random.nextInt(2048));
				byte[] all = Arrays.copyOf(pattern, keep + tail.length);
				System.arraycopy(tail, 0, all, keep, tail.length);
				yield all;
			}
			default -> randomBytes(random, 1 + random.nextInt(16));
		};
	}

	private static byte[] randomBytes(SplittableRandom random, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) random.nextInt(256);
		}
		return bytes;
	}

	private static byte[] run(byte value, int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, value);
		return bytes;
	}
}
