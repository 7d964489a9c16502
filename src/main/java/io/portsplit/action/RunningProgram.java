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

	/**
	 * Tells the program that the client has no more to send: its stdin is closed, or
	 * on a pty end-of-file is typed, since closing a pty's master would hang it up instead.
	 */
	void endInput() throws IOException {
		if (this.pty) {
			this.input.write(TERMINAL_EOF);
			this.input.flush();
		}
		else {
			this.input.close();
		}
	}
}
