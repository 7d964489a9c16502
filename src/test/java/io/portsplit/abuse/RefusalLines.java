package io.portsplit.abuse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portsplit.access.Admission;
import io.portsplit.support.PortsplitProcess;

/**
 * What a daemon's log says of one reason of refusal: the lines written one per refused
 * connection ({@code CLIENT on BIND: rejected, TEXT}), and the summary lines that count
 * the refusals written without one ({@code N more connections rejected (TEXT) without a line
 * each}). Together they account for every refusal, however few lines a flood is given.
 *
 * @param single lines of one refused connection each
 * @param summaries summary lines
 * @param summarised refusals the summary lines count
 */
record RefusalLines(int single, int summaries, long summarised) {

	/** Read from {@code daemon}'s standard output, where it logs, as it is now. */
	static RefusalLines of(PortsplitProcess daemon, Admission.Refusal refusal) {
		String singleMark = ": rejected, " + refusal.text();
		Pattern summary = Pattern.compile("(\\d+) more connections rejected \\(" + Pattern.quote(refusal.text())
				+ "\\) without a line each");
		int single = 0;
		int summaries = 0;
		long summarised = 0;
		for (String line : daemon.stdoutLines(line -> line.contains("rejected"))) {
			Matcher counted = summary.matcher(line);
			if (counted.find()) {
				summaries++;
				summarised += Long.parseLong(counted.group(1));
			}
			else if (line.contains(singleMark)) {
				single++;
			}
		}
		return new RefusalLines(single, summaries, summarised);
	}

	/** Refusals the log accounts for. */
	long accounted() {
		return this.single + this.summarised;
	}

	/** Every line it took. */
	int lines() {
		return this.single + this.summaries;
	}

	@Override
	public String toString() {
		return this.single + " lines of their own + " + this.summaries + " summary lines counting " + this.summarised;
	}
}
