package io.portsplit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages follow a connection's flow and import each other one way only: a cycle
 * would tie two packages into one that can neither be read nor changed apart. The graph is
 * read from the sources' import lines, the classes at the top standing as {@code root}.
 */
class PackageImportsTest {

	private static final Path SOURCES = Path.of("src/main/java/io/portsplit");

	private static final Pattern IMPORT = Pattern
		.compile("^import\\s+(?:static\\s+)?io\\.portsplit\\.(?:([a-z][a-z0-9]*)\\.)?[A-Z]", Pattern.MULTILINE);

	@Test
	void noPackageImportsOneThatImportsItBack() {
		Map<String, Set<String>> imports = imports();
		assertThat(imports).containsKeys("root", "config", "listen", "match", "route", "action", "relay", "ops");
		assertThat(cycle(imports)).as("a cycle of package imports").isEmpty();
	}

	@Test
	void aCycleIsFound() {
		Map<String, Set<String>> imports = new TreeMap<>();
		imports.put("root", new TreeSet<>(Set.of("jvm", "config")));
		imports.put("config", new TreeSet<>());
		imports.put("jvm", new TreeSet<>(Set.of("tcp")));
		imports.put("tcp", new TreeSet<>(Set.of("root")));
		assertThat(cycle(imports)).containsExactly("jvm", "tcp", "root", "jvm");
	}

	private static Map<String, Set<String>> imports() {
		Map<String, Set<String>> imports = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				String from = packageOf(file);
				Set<String> to = imports.computeIfAbsent(from, (key) -> new TreeSet<>());
				Matcher matcher = IMPORT.matcher(read(file));
				while (matcher.find()) {
					String target = (matcher.group(1) != null) ? matcher.group(1) : "root";
					if (!target.equals(from)) {
						to.add(target);
					}
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return imports;
	}

	private static String packageOf(Path file) {
		Path relative = SOURCES.relativize(file);
		return (relative.getNameCount() == 1) ? "root" : relative.getName(0).toString();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The first cycle a depth-first walk meets, from its first package back to it; empty if none. */
	private static List<String> cycle(Map<String, Set<String>> imports) {
		Set<String> done = new TreeSet<>();
		for (String start : imports.keySet()) {
			List<String> found = walk(start, imports, new ArrayList<>(), done);
			if (!found.isEmpty()) {
				return found;
			}
		}
		return List.of();
	}

	private static List<String> walk(String from, Map<String, Set<String>> imports, List<String> path,
			Set<String> done) {
		int seen = path.indexOf(from);
		if (seen >= 0) {
			List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
			cycle.add(from);
			return cycle;
		}
		if (done.contains(from)) {
			return List.of();
		}
		path.add(from);
		for (String to : imports.getOrDefault(from, Set.of())) {
			List<String> found = walk(to, imports, path, done);
			if (!found.isEmpty()) {
				return found;
			}
		}
		path.remove(path.size() - 1);
		done.add(from);
		return List.of();
	}

}
