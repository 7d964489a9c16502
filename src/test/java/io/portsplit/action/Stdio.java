package io.portsplit.action;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.portsplit.support.ExecServices;

/**
 * What an exec program's standard input and output are (README "Actions" (exec)): pipes, or a
 * pseudo-terminal with {@code pty = yes}. For the scenarios that hold for both, it says how
 * the client sees the program through each: a terminal echoes what is typed and ends output
 * lines in CR LF; pipes pass bytes through as they are.
 */
enum Stdio {

	PIPES(false, "\n"),

	PTY(true, "\r\n");

	private final boolean pty;

	private final String lineEnd;

	Stdio(boolean pty, String lineEnd) {
		this.pty = pty;
		this.lineEnd = lineEnd;
	}

	/** An exec service on these: {@code [name]}, {@code string = pattern} (none if null), the program and its arguments. */
	String service(String name, String pattern, String program, String... args) {
		return this.pty ? ExecServices.execOnPty(name, pattern, program, args)
				: ExecServices.exec(name, pattern, program, args);
	}

	/** Each of {@code lines} as the program's output reaches the client, line end included. */
	String lines(String... lines) {
		return Arrays.stream(lines).map(line -> line + this.lineEnd).collect(Collectors.joining());
	}

	/** What the client reads back at once of what it {@code typed}: the terminal's echo, or nothing. */
	String echo(String typed) {
		return this.pty ? typed.replace("\n", this.lineEnd) : "";
	}

	/**
	 * The output without the terminal's echo of what was typed, which may land anywhere
	 * between the program's writes, or nowhere if the program has exited first.
	 */
	String withoutEcho(String output, String typed) {
		String echo = echo(typed);
		int at = echo.isEmpty() ? -1 : output.indexOf(echo);
		return (at < 0) ? output : output.substring(0, at) + output.substring(at + echo.length());
	}
}
