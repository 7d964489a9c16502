package io.portsplit.abuse;

/**
 * How big the abuse is. CI runs every scenario in its short form; {@code -Dabuse.scale=full}
 * (the {@code abuse-full} profile) runs the full sizes of TESTING.md "Reliability under abuse".
 * Sizes, never timings.
 */
final class Scale {

	private static final boolean FULL = "full".equals(System.getProperty("abuse.scale"));

	private Scale() {
	}

	static int of(int shortForm, int fullForm) {
		return FULL ? fullForm : shortForm;
	}

	static String name() {
		return FULL ? "full" : "short";
	}
}
