package io.portsplit.match;

import java.util.ArrayList;
import java.util.List;

/** Every input the probe tests use: synthetic first bytes, captures of real clients, garbage. */
final class Inputs {

	private Inputs() {
	}

	/** First bytes of every protocol, each with its probe or none. */
	static List<ProtocolSamples.Sample> protocols() {
		List<ProtocolSamples.Sample> all = new ArrayList<>(ProtocolSamples.protocols());
		all.addAll(Captures.all());
		return all;
	}

	static List<ProtocolSamples.Sample> all() {
		List<ProtocolSamples.Sample> all = protocols();
		all.addAll(ProtocolSamples.garbage());
		return all;
	}
}
