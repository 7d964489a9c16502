package io.portsplit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The first bytes of real clients, captured from the real programs into
 * {@code src/test/resources/io/portsplit/match/clients/NAME.hex} (its README says how):
 * hex text, {@code #} comments.
 */
public final class ClientCaptures {

	static final String FOLDER = "io/portsplit/match/clients";

	private ClientCaptures() {
	}

	/** The capture {@code NAME.hex}, e.g. {@code openvpn-tcp-plain}. */
	public static byte[] named(String name) {
		try (InputStream in = ClientCaptures.class.getClassLoader().getResourceAsStream(FOLDER + "/" + name + ".hex")) {
			if (in == null) {
				throw new IllegalArgumentException("no capture " + name);
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The bytes of a capture's text: hex digits and whitespace, {@code #} to the end of a line a comment. */
	public static byte[] parse(String text) {
		StringBuilder digits = new StringBuilder();
		for (String line : text.split("\n", -1)) {
			int comment = line.indexOf('#');
			digits.append((comment >= 0) ? line.substring(0, comment) : line);
		}
		String hex = digits.toString().replaceAll("\\s+", "");
		if (hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]*")) {
			throw new IllegalArgumentException("not an even number of hex digits");
		}
		return HexFormat.of().parseHex(hex);
	}
}
