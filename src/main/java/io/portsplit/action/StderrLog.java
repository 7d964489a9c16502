package io.portsplit.action;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an exec program's stderr into portsplit's log, one entry per line, tagged with
 * the service. Lines are cut at a fixed length so that a program writing without
 * newlines cannot make portsplit hold an unbounded line.
 */
final class StderrLog {

	static final int MAX_LINE = 4096;

	private static final Logger logger = LoggerFactory.getLogger("portsplit.exec");

	private StderrLog() {
	}

	static void copy(InputStream errors, String service, String connectionId) {
		byte[] line = new byte[MAX_LINE];
		int length = 0;
		byte[] chunk = new byte[1024];
		try (errors) {
			int n;
			while ((n = errors.read(chunk)) >= 0) {
				for (int i = 0; i < n; i++) {
					byte b = chunk[i];
					if (b == '\n' || length == MAX_LINE) {
						emit(line, length, service, connectionId);
						length = 0;
						if (b == '\n') {
							continue;
						}
					}
					line[length++] = b;
				}
			}
		}
		catch (IOException ignored) {
			// the program is gone; whatever was complete has been logged
		}
		if (length > 0) {
			emit(line, length, service, connectionId);
		}
	}

	private static void emit(byte[] line, int length, String service, String connectionId) {
		int end = (length > 0 && line[length - 1] == '\r') ? length - 1 : length;
		logger.atInfo()
			.addKeyValue("service", service)
			.addKeyValue("connection", connectionId)
			.log("[{}] {} stderr: {}", service, connectionId, new String(line, 0, end, StandardCharsets.UTF_8));
	}
}
