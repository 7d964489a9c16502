package io.portsplit.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.portsplit.support.ClientCaptures;

/**
 * The first bytes of real clients, captured into {@code clients/NAME.hex} beside this class's
 * resources (hex text, whitespace and {@code #} comments to the end of a line ignored; the
 * folder's README says how each was captured). Each capture is classified here by the start of
 * its name: the probe it belongs to, or none (another protocol, a foreign input for every
 * probe). A capture that fits no entry fails the loading, so that a new one gets classified.
 */
final class Captures {

	private static final String FOLDER = "io/portsplit/match/clients";

	/** Name prefixes, the more specific first, and the probe they belong to. */
	private static final List<Map.Entry<String, Optional<Probe>>> CLASSES = List.of(
			Map.entry("curl-h2c-prior-knowledge", Optional.empty()), // HTTP/2, which the http probe does not take
			Map.entry("curl-https", Optional.of(Probe.TLS)),
			Map.entry("curl-", Optional.of(Probe.HTTP)),
			Map.entry("ssh", Optional.of(Probe.SSH)),
			Map.entry("openssl-", Optional.of(Probe.TLS)),
			Map.entry("jdk", Optional.of(Probe.TLS)),
			Map.entry("chromium-", Optional.of(Probe.TLS)),
			Map.entry("firefox-", Optional.of(Probe.TLS)),
			Map.entry("openvpn-", Optional.of(Probe.OPENVPN)),
			Map.entry("socks4", Optional.of(Probe.SOCKS4)),
			Map.entry("socks5", Optional.of(Probe.SOCKS5)),
			Map.entry("xmpp-", Optional.of(Probe.XMPP)),
			Map.entry("rdp-", Optional.of(Probe.RDP)),
			Map.entry("adb-", Optional.of(Probe.ADB)),
			Map.entry("git-", Optional.empty()),
			Map.entry("redis-", Optional.empty()),
			Map.entry("psql-", Optional.empty()),
			Map.entry("mqtt", Optional.empty()));

	private Captures() {
	}

	static List<ProtocolSamples.Sample> all() {
		Optional<Path> folder = folder();
		if (folder.isEmpty()) {
			return List.of();
		}
		List<ProtocolSamples.Sample> samples = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder.get())) {
			for (Path file : files.filter(f -> f.toString().endsWith(".hex")).sorted().toList()) {
				String name = file.getFileName().toString();
				String stem = name.substring(0, name.length() - ".hex".length());
				samples.add(new ProtocolSamples.Sample("capture " + stem, probeOf(stem).orElse(null), parse(file)));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return samples;
	}

	/** The capture by its name, e.g. {@code openvpn-tcp-plain}; empty if it is not there. */
	static Optional<byte[]> named(String stem) {
		return folder().map(f -> f.resolve(stem + ".hex")).filter(Files::exists).map(Captures::parse);
	}

	private static Optional<Probe> probeOf(String stem) {
		for (Map.Entry<String, Optional<Probe>> entry : CLASSES) {
			if (stem.startsWith(entry.getKey())) {
				return entry.getValue();
			}
		}
		throw new IllegalStateException("capture '" + stem + "' is not classified: add its name to Captures.CLASSES");
	}

	static byte[] parse(Path file) {
		try {
			return ClientCaptures.parse(Files.readString(file, StandardCharsets.US_ASCII));
		}
		catch (IOException | IllegalArgumentException e) {
			throw new IllegalStateException(file + ": " + e.getMessage(), e);
		}
	}

	private static Optional<Path> folder() {
		URL url = Captures.class.getClassLoader().getResource(FOLDER);
		if (url == null || !"file".equals(url.getProtocol())) {
			return Optional.empty();
		}
		try {
			return Optional.of(Path.of(url.toURI()));
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
