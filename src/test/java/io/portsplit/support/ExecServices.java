package io.portsplit.support;

/** {@code exec} services (README "Services") as configuration text. */
public final class ExecServices {

	private ExecServices() {
	}

	/** {@code [name]}, {@code string = pattern} (none if null), {@code exec}, one {@code execarg} per argument. */
	public static String exec(String name, String pattern, String program, String... args) {
		return service(name, pattern, false, program, args);
	}

	/** The same with {@code pty = yes}. */
	public static String execOnPty(String name, String pattern, String program, String... args) {
		return service(name, pattern, true, program, args);
	}

	private static String service(String name, String pattern, boolean pty, String program, String... args) {
		StringBuilder text = new StringBuilder("[").append(name).append("]\n");
		if (pattern != null) {
			text.append("string = ").append(pattern).append('\n');
		}
		text.append("exec = ").append(program).append('\n');
		for (String arg : args) {
			text.append("execarg = ").append(arg).append('\n');
		}
		if (pty) {
			text.append("pty = yes\n");
		}
		return text.toString();
	}
}
