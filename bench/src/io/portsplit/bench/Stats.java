package io.portsplit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Stats {

	private Stats() {
	}

	/** Nearest-rank percentile of sorted values. */
	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/** Median of the values present; NaN when there are none. */
	static double median(List<Double> values) {
		List<Double> present = new ArrayList<>();
		for (Double v : values) {
			if (v != null && !v.isNaN()) {
				present.add(v);
			}
		}
		if (present.isEmpty()) {
			return Double.NaN;
		}
		Collections.sort(present);
		int n = present.size();
		return (n % 2 == 1) ? present.get(n / 2) : (present.get(n / 2 - 1) + present.get(n / 2)) / 2;
	}
}
