package io.portsplit.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenBucketTest {

	private static final long SECOND = TokenBucket.NANOS_PER_SECOND;

	/** One bucket's state and the time, as a per-source entry holds them. */
	private static final class Source {

		private final TokenBucket bucket;

		private long now;

		private long fullAt;

		Source(int perSecond, long start) {
			this.bucket = new TokenBucket(perSecond);
			this.now = start;
			this.fullAt = this.bucket.full(start);
		}

		boolean tryTake() {
			if (!this.bucket.hasToken(this.fullAt, this.now)) {
				return false;
			}
			this.fullAt = this.bucket.take(this.fullAt, this.now);
			return true;
		}

		int takeAll() {
			int taken = 0;
			while (taken <= this.bucket.perSecond() && tryTake()) {
				taken++;
			}
			return taken;
		}

		boolean isFull() {
			return this.bucket.isFull(this.fullAt, this.now);
		}
	}

	@Test
	void aFullBucketGivesItsBurstThenNothing() {
		Source source = new Source(10, 0);
		assertThat(source.isFull()).isTrue();
		assertThat(source.takeAll()).isEqualTo(10);
		assertThat(source.tryTake()).isFalse();
		assertThat(source.isFull()).isFalse();
	}

	@Test
	void tokensComeBackContinuously() {
		Source source = new Source(10, 0);
		source.takeAll();
		source.now += SECOND / 10 - 1;
		assertThat(source.tryTake()).isFalse();
		source.now += 1;
		assertThat(source.tryTake()).isTrue();
		assertThat(source.tryTake()).isFalse();
		source.now += SECOND / 2;
		assertThat(source.takeAll()).isEqualTo(5);
	}

	@Test
	void aQuietSecondRefillsTheBucket() {
		Source source = new Source(10, 0);
		source.takeAll();
		source.now += SECOND - 1;
		assertThat(source.isFull()).isFalse();
		source.now += 1;
		assertThat(source.isFull()).isTrue();
		assertThat(source.takeAll()).isEqualTo(10);
		// A full bucket does not fill beyond its burst however long it waits.
		source.now += 3600 * SECOND;
		assertThat(source.takeAll()).isEqualTo(10);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7, 10, 1000 })
	void neverMoreThanTheBurstPlusTheRateOverAnyStretch(int perSecond) {
		Source source = new Source(perSecond, 0);
		long step = SECOND / 997;
		int admitted = 0;
		for (int i = 1; i <= 10 * 997; i++) {
			if (source.tryTake()) {
				admitted++;
			}
			long elapsed = source.now;
			assertThat((double) admitted).isLessThanOrEqualTo(perSecond + (double) perSecond * elapsed / SECOND);
			source.now += step;
		}
		// And no fewer than the rate allows, give or take one interval's rounding and the last step.
		assertThat(admitted).isGreaterThanOrEqualTo(Math.min(10 * 997, perSecond * 10) - 1);
	}

	@Test
	void theClockMayWrapAround() {
		Source source = new Source(4, Long.MAX_VALUE - SECOND / 8);
		assertThat(source.takeAll()).isEqualTo(4);
		source.now += SECOND / 4;
		assertThat(source.takeAll()).isEqualTo(1);
		source.now += SECOND;
		assertThat(source.now).isNegative();
		assertThat(source.isFull()).isTrue();
		assertThat(source.takeAll()).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, TokenBucket.MAX_PER_SECOND + 1 })
	void theRateIsOneToABillion(int perSecond) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(perSecond));
	}

	@Test
	void aBillionASecondStillWorks() {
		Source source = new Source(TokenBucket.MAX_PER_SECOND, 0);
		assertThat(source.tryTake()).isTrue();
		assertThat(source.isFull()).isFalse();
		source.now += 1;
		assertThat(source.isFull()).isTrue();
	}
}
