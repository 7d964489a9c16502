package io.portsplit.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A started exec program and its three ends.
 *
 * @param process the process
 * @param output what it writes (stdout, or the terminal with a pty)
 * @param input what it reads (stdin, or the terminal with a pty)
 * @param errors its stderr, or null on a pty where stderr is the terminal
 * @param pty whether it runs on a pseudo-terminal
 */
record RunningProgram(Process process, InputStream output, OutputStream input, InputStream errors, boolean pty) {

	/** The terminal's default end-of-file character (VEOF, ^D). */
	private static final int TERMINAL_EOF = 0x04;

	/** Whether typing {@code b} leaves the terminal's line unfinished, so that one ^D would not be end-of-file. */
	static boolean leavesLineUnfinished(byte b) {
		return b != '\n' && b != '\r' && b != TERMINAL_EOF;
	}

	/**
	 * Tells the program that the client has no more to send: its stdin is closed, or
	 * on a pty end-of-file is typed, since closing a pty's master would hang it up instead.
	 * In the terminal's default (canonical) mode a ^D after a partial line only passes
	 * that line on; end-of-file is a ^D at the start of a line, so a second one follows.
	 * @param midLine whether the last byte typed left a line unfinished (not a newline,
	 * carriage return or ^D)
	 */
	void endInput(boolean midLine) throws IOException {
		if (this.pty) {
			this.input.write(TERMINAL_EOF);
			if (midLine) {
				this.input.write(TERMINAL_EOF);
			}
			this.input.flush();
		}
		else {
			this.input.close();
		}
	}
}
