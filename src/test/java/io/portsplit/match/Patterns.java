package io.portsplit.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.portsplit.config.ActionSpec;
import io.portsplit.config.BytePattern;
import io.portsplit.config.HostPort;
import io.portsplit.config.ServiceSpec;

/** Builds services for matcher and routing tests without a file. */
public final class Patterns {

	private static int line = 1;

	private Patterns() {
	}

	public static BytePattern pattern(String text) {
		return pattern(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	public static BytePattern pattern(byte[] bytes) {
		StringBuilder escaped = new StringBuilder();
		for (byte b : bytes) {
			int v = b & 0xff;
			if (v == '\\') {
				escaped.append("\\\\");
			}
			else if (v > 0x20 && v < 0x7f) {
				escaped.append((char) v);
			}
			else {
				escaped.append(String.format("\\%02X", v));
			}
		}
		return new BytePattern(bytes, escaped.toString(), line++);
	}

	public static ServiceSpec service(String name, String... patterns) {
		List<BytePattern> list = new ArrayList<>();
		for (String p : patterns) {
			list.add(pattern(p));
		}
		return service(name, list);
	}

	public static ServiceSpec service(String name, List<BytePattern> patterns) {
		return new ServiceSpec(name, line++, patterns, new ActionSpec.Connect(new HostPort("127.0.0.1", 1)));
	}

	public static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}
}
