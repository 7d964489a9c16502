package io.portsplit.abuse;

/** One line per scenario on standard output, the source of the README table. */
final class Report {

	private Report() {
	}

	static void line(String scenario, String sent, String held) {
		System.out.println("ABUSE [" + Scale.name() + "] " + scenario + " | sent: " + sent + " | held: " + held);
	}
}
