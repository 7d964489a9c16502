package io.portsplit.access;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.portsplit.access.PerSourceLimiter.SourceVerdict;

import static io.portsplit.access.Addresses.ip;
import static io.portsplit.access.Addresses.ipv6Slash64;
import static io.portsplit.access.Addresses.loopback;
import static io.portsplit.access.Addresses.mappedInet6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PerSourceLimiterTest {

	private static final long SECOND = TokenBucket.NANOS_PER_SECOND;

	private static final SourceKey A = SourceKey.of(ip("192.0.2.1"));

	private static final SourceKey B = SourceKey.of(ip("192.0.2.2"));

	private static final SourceKey C = SourceKey.of(ip("192.0.2.3"));

	private final AtomicLong clock = new AtomicLong(123_456_789L);

	private PerSourceLimiter limiter(int maxOpen, int rate) {
		return new PerSourceLimiter(maxOpen, rate, PerSourceLimiter.DEFAULT_MAX_SOURCES, this.clock::get);
	}

	private PerSourceLimiter limiter(int maxOpen, int rate, int maxSources) {
		return new PerSourceLimiter(maxOpen, rate, maxSources, this.clock::get);
	}

	private void advance(long nanos) {
		this.clock.addAndGet(nanos);
	}

	@Test
	void withBothLimitsOffEveryoneIsAdmittedAndNothingIsTracked() {
		PerSourceLimiter limiter = limiter(0, 0);
		for (int i = 0; i < 1000; i++) {
			assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
			assertThat(limiter.tryOpen(A)).isTrue();
			assertThat(limiter.tryRate(A)).isTrue();
		}
		limiter.close(A);
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aBurstThenRefusalThenRefillOverTime() {
		PerSourceLimiter limiter = limiter(0, 5);
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		}
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.TOO_FAST);
		assertThat(limiter.tryRate(A)).isFalse();
		// Another source has its own bucket.
		assertThat(limiter.admit(B)).isEqualTo(SourceVerdict.ADMITTED);
		advance(SECOND / 5 - 1);
		assertThat(limiter.tryRate(A)).isFalse();
		advance(1);
		assertThat(limiter.tryRate(A)).isTrue();
		assertThat(limiter.tryRate(A)).isFalse();
		advance(SECOND);
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.tryRate(A)).isTrue();
		}
		assertThat(limiter.tryRate(A)).isFalse();
	}

	@Test
	void maxconnPerSourceCountsOpenConnections() {
		PerSourceLimiter limiter = limiter(2, 0);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.tryOpen(A)).isTrue();
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.TOO_MANY_OPEN);
		assertThat(limiter.tryOpen(A)).isFalse();
		assertThat(limiter.openConnections(A)).isEqualTo(2);
		assertThat(limiter.tryOpen(B)).isTrue();
		limiter.close(A);
		assertThat(limiter.openConnections(A)).isEqualTo(1);
		assertThat(limiter.tryOpen(A)).isTrue();
		assertThat(limiter.tryOpen(A)).isFalse();
		limiter.close(A);
		limiter.close(A);
		limiter.close(B);
		assertThat(limiter.openConnections(A)).isZero();
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aStrayCloseChangesNothing() {
		PerSourceLimiter limiter = limiter(1, 0);
		limiter.close(A);
		assertThat(limiter.tryOpen(A)).isTrue();
		limiter.close(A);
		limiter.close(A);
		assertThat(limiter.openConnections(A)).isZero();
		assertThat(limiter.tryOpen(A)).isTrue();
		assertThat(limiter.tryOpen(A)).isFalse();
	}

	@Test
	void aConnectionRefusedForOpenOnesUsesNoToken() {
		PerSourceLimiter limiter = limiter(1, 2);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.TOO_MANY_OPEN);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.TOO_MANY_OPEN);
		limiter.close(A);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		limiter.close(A);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.TOO_FAST);
	}

	@Test
	void tryOpenAndTryRateEachCheckOneLimit() {
		PerSourceLimiter limiter = limiter(1, 1);
		assertThat(limiter.tryRate(A)).isTrue();
		assertThat(limiter.tryRate(A)).isFalse();
		// The open count is separate from the bucket.
		assertThat(limiter.tryOpen(A)).isTrue();
		assertThat(limiter.tryOpen(A)).isFalse();
		assertThat(limiter.openConnections(A)).isEqualTo(1);
	}

	@Test
	void anIpv6Slash64IsOneSource() {
		PerSourceLimiter limiter = limiter(2, 0);
		SourceKey one = SourceKey.of(ip("2001:db8:1:2::1"));
		SourceKey sameSlash64 = SourceKey.of(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
		SourceKey otherSlash64 = SourceKey.of(ip("2001:db8:1:3::1"));
		assertThat(limiter.tryOpen(one)).isTrue();
		assertThat(limiter.tryOpen(sameSlash64)).isTrue();
		assertThat(limiter.tryOpen(one)).isFalse();
		assertThat(limiter.tryOpen(sameSlash64)).isFalse();
		assertThat(limiter.tryOpen(otherSlash64)).isTrue();
		assertThat(limiter.tryOpen(otherSlash64)).isTrue();
		assertThat(limiter.tryOpen(otherSlash64)).isFalse();
	}

	@Test
	void aMappedSourceIsItsIpv4Source() {
		PerSourceLimiter limiter = limiter(0, 2);
		assertThat(limiter.tryRate(SourceKey.of(ip("192.0.2.7")))).isTrue();
		assertThat(limiter.tryRate(SourceKey.of(mappedInet6("192.0.2.7")))).isTrue();
		assertThat(limiter.tryRate(SourceKey.of(ip("::ffff:192.0.2.7")))).isFalse();
		assertThat(limiter.size()).isEqualTo(1);
	}

	@Test
	void anEntryGoesWhenItsLastConnectionClosesOnAFullBucket() {
		PerSourceLimiter limiter = limiter(3, 10);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.size()).isEqualTo(1);
		advance(SECOND);
		limiter.close(A);
		assertThat(limiter.size()).isZero();
	}

	@Test
	void anEntryStaysWhileItsBucketRefillsThenGoes() {
		PerSourceLimiter limiter = limiter(3, 10);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		limiter.close(A);
		assertThat(limiter.size()).isEqualTo(1);
		assertThat(limiter.reclaimIdle()).isZero();
		advance(SECOND / 10 - 1);
		assertThat(limiter.reclaimIdle()).isZero();
		advance(1);
		assertThat(limiter.reclaimIdle()).isEqualTo(1);
		assertThat(limiter.size()).isZero();
	}

	@Test
	void laterCallsReclaimIdleEntries() {
		PerSourceLimiter limiter = limiter(0, 10);
		for (int i = 0; i < 100; i++) {
			limiter.tryRate(SourceKey.of(loopback(i)));
		}
		assertThat(limiter.size()).isEqualTo(100);
		advance(SECOND);
		// Each call removes up to two idle entries: the first 50 calls take the 100 old ones.
		for (int i = 0; i < 60; i++) {
			limiter.tryRate(SourceKey.of(loopback(1000 + i)));
		}
		assertThat(limiter.size()).isEqualTo(60);
		assertThat(limiter.reclaimIdle()).isZero();
		advance(SECOND);
		assertThat(limiter.reclaimIdle()).isEqualTo(60);
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aFloodOfDistinctIpv4SourcesNeverGrowsPastTheCap() {
		PerSourceLimiter limiter = limiter(0, 3);
		for (int i = 0; i < 100_000; i++) {
			assertThat(limiter.admit(SourceKey.of(loopback(i)))).isEqualTo(SourceVerdict.ADMITTED);
			assertThat(limiter.size()).isLessThanOrEqualTo(PerSourceLimiter.DEFAULT_MAX_SOURCES);
		}
		assertThat(limiter.size()).isEqualTo(PerSourceLimiter.DEFAULT_MAX_SOURCES);
		advance(SECOND);
		assertThat(limiter.reclaimIdle()).isEqualTo(PerSourceLimiter.DEFAULT_MAX_SOURCES);
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aFloodOfDistinctIpv6Slash64sNeverGrowsPastTheCap() {
		PerSourceLimiter limiter = limiter(5, 3, 10_000);
		for (int i = 0; i < 100_000; i++) {
			SourceKey key = SourceKey.of(ipv6Slash64(i));
			assertThat(limiter.admit(key)).isEqualTo(SourceVerdict.ADMITTED);
			limiter.close(key);
			assertThat(limiter.size()).isLessThanOrEqualTo(10_000);
		}
		// Sources quiet for a second leave, one call at a time.
		advance(SECOND);
		for (int i = 0; i < 10_000; i++) {
			SourceKey key = SourceKey.of(ipv6Slash64(200_000 + i));
			limiter.admit(key);
			limiter.close(key);
		}
		assertThat(limiter.size()).isEqualTo(10_000);
		advance(SECOND);
		limiter.reclaimIdle();
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aFloodOfClosedConnectionsLeavesNothingWithoutARate() {
		PerSourceLimiter limiter = limiter(1, 0, 100);
		for (int i = 0; i < 100_000; i++) {
			SourceKey key = SourceKey.of(loopback(i));
			assertThat(limiter.admit(key)).isEqualTo(SourceVerdict.ADMITTED);
			limiter.close(key);
		}
		assertThat(limiter.size()).isZero();
	}

	@Test
	void aFloodCannotEraseTheOpenCountOfARealSource() {
		PerSourceLimiter limiter = limiter(2, 1000, 1000);
		SourceKey real = SourceKey.of(ip("198.51.100.1"));
		assertThat(limiter.admit(real)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.admit(real)).isEqualTo(SourceVerdict.ADMITTED);
		for (int i = 0; i < 100_000; i++) {
			limiter.admit(SourceKey.of(loopback(i)));
			assertThat(limiter.size()).isLessThanOrEqualTo(1000);
		}
		assertThat(limiter.openConnections(real)).isEqualTo(2);
		assertThat(limiter.admit(real)).isEqualTo(SourceVerdict.TOO_MANY_OPEN);
	}

	@Test
	void atTheCapTheLeastRecentlyUsedSourceWithoutConnectionsGoes() {
		PerSourceLimiter limiter = limiter(0, 1, 2);
		assertThat(limiter.tryRate(A)).isTrue();
		assertThat(limiter.tryRate(B)).isTrue();
		advance(1);
		// A is used again (refused), so B is now the least recently used.
		assertThat(limiter.tryRate(A)).isFalse();
		assertThat(limiter.tryRate(C)).isTrue();
		assertThat(limiter.size()).isEqualTo(2);
		assertThat(limiter.tryRate(A)).isFalse();
		// B's bucket went with its entry: it has a full one again.
		assertThat(limiter.tryRate(B)).isTrue();
	}

	@Test
	void whenEveryTrackedSourceHasConnectionsANewOneIsRefused() {
		PerSourceLimiter limiter = limiter(1, 0, 2);
		assertThat(limiter.admit(A)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.admit(B)).isEqualTo(SourceVerdict.ADMITTED);
		assertThat(limiter.admit(C)).isEqualTo(SourceVerdict.TOO_MANY_SOURCES);
		assertThat(limiter.tryOpen(C)).isFalse();
		limiter.close(A);
		assertThat(limiter.admit(C)).isEqualTo(SourceVerdict.ADMITTED);
	}

	@Test
	void limitsAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> limiter(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter(0, -1));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter(1, 1, 0));
		assertThat(new PerSourceLimiter(1, 1).admit(A)).isEqualTo(SourceVerdict.ADMITTED);
	}

	@Test
	void countsReturnToZeroAfterConcurrentUse() throws Exception {
		int threads = 4;
		int rounds = 20_000;
		int maxOpen = 3;
		PerSourceLimiter limiter = limiter(maxOpen, 0, 64);
		List<SourceKey> keys = List.of(A, B, C, SourceKey.of(ip("2001:db8::1")));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int seed = t;
				tasks.add(() -> {
					start.await();
					int admitted = 0;
					for (int i = 0; i < rounds; i++) {
						SourceKey key = keys.get((seed + i) % keys.size());
						if (limiter.admit(key) == SourceVerdict.ADMITTED) {
							admitted++;
							assertThat(limiter.openConnections(key)).isBetween(1, maxOpen);
							limiter.close(key);
						}
					}
					return admitted;
				});
			}
			List<Future<Integer>> results = new ArrayList<>();
			for (Callable<Integer> task : tasks) {
				results.add(pool.submit(task));
			}
			start.countDown();
			int admitted = 0;
			for (Future<Integer> result : results) {
				admitted += result.get(2, TimeUnit.MINUTES);
			}
			assertThat(admitted).isPositive();
		}
		finally {
			pool.shutdownNow();
		}
		for (SourceKey key : keys) {
			assertThat(limiter.openConnections(key)).isZero();
		}
		assertThat(limiter.size()).isZero();
	}
}
