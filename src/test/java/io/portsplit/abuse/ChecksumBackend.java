package io.portsplit.abuse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.portsplit.support.Payloads;
import io.portsplit.support.TestBackend;
import io.portsplit.support.Waits;

/**
 * A backend for both-ways transfers: each connection opens with {@code BULK} and an
 * 8-digit id; the backend then streams {@link #DOWN_SEED_OFFSET}{@code + id}'s payload
 * back while it reads (and digests) everything the client sends, and keeps what it got
 * by id. Sending and reading at once, so neither side's buffers can deadlock the test.
 */
final class ChecksumBackend {

	static final String PATTERN = "BULK";

	static final int HEADER_LENGTH = PATTERN.length() + 8;

	static final long DOWN_SEED_OFFSET = 1_000_000;

	private final Map<Integer, Payloads.Summary> received = new ConcurrentHashMap<>();

	private final long downBytes;

	ChecksumBackend(long downBytes) {
		this.downBytes = downBytes;
	}

	static byte[] header(int id) {
		return String.format("%s%08d", PATTERN, id).getBytes(StandardCharsets.US_ASCII);
	}

	Payloads.Summary receivedBy(int id) {
		return this.received.get(id);
	}

	TestBackend.Handler handler() {
		return connection -> {
			InputStream in = connection.in();
			byte[] header = in.readNBytes(HEADER_LENGTH);
			int id = Integer.parseInt(new String(header, PATTERN.length(), 8, StandardCharsets.US_ASCII));
			OutputStream out = connection.out();
			Thread sender = new Thread(null, () -> {
				try {
					Payloads.write(out, this.downBytes, DOWN_SEED_OFFSET + id);
					connection.socket().shutdownOutput();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, "bulk-down-" + id, 256 * 1024);
			sender.start();
			this.received.put(id, Payloads.read(in));
			sender.join(Waits.BULK.toMillis());
		};
	}
}
