package io.portsplit.abuse;

import java.io.IOException;
import java.net.Socket;

/** Ends a client connection with a TCP reset instead of a FIN, as a crashed peer does. */
final class Resets {

	private Resets() {
	}

	static void reset(Socket socket) throws IOException {
		socket.setSoLinger(true, 0);
		socket.close();
	}
}
