package io.portsplit.match;

import java.util.ArrayList;
import java.util.List;

/** Every input the probe tests use: synthetic first bytes, captures of real clients, garbage. */
final class Inputs {

	private Inputs() {
	}

	/** First bytes of every protocol, each with its probe or none. */
	static List<FirstBytes.Sample> protocols() {
		List<FirstBytes.Sample> all = new ArrayList<>(FirstBytes.protocols());
		all.addAll(Captures.all());
		return all;
	}

	static List<FirstBytes.Sample> all() {
		List<FirstBytes.Sample> all = protocols();
		all.addAll(FirstBytes.garbage());
		return all;
	}
}
