package io.portsplit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A whole, validated configuration file. Immutable: a reload builds a new one and swaps it in.
 *
 * @param file the file it was read from
 * @param binds addresses to listen on, in file order, at least one
 * @param maxconn most client connections open at once over all binds
 * @param pidFile where to write the process id, if anywhere
 * @param timeout how long a client may take to send deciding bytes; zero means forever
 * @param services the ordinary (matching) services in file order
 * @param fallback the {@code [fallback]} service, if any
 * @param timeoutService the {@code [timeout]} service, if any
 * @param warnings valid but suspicious lines
 * @param clients who may connect, whose PROXY header is trusted, and per-source limits
 * @param management where the management server listens, or off
 */
public record PortsplitConfig(Path file, List<BindAddress> binds, int maxconn, Optional<Path> pidFile,
		Duration timeout, List<ServiceSpec> services, Optional<ServiceSpec> fallback,
		Optional<ServiceSpec> timeoutService, List<ConfigWarning> warnings, ClientRules clients, Management management) {

	public static final int DEFAULT_MAXCONN = 1024;

	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	/** A configuration without client rules: everyone may connect, no PROXY header, no per-source limit. */
	public PortsplitConfig(Path file, List<BindAddress> binds, int maxconn, Optional<Path> pidFile, Duration timeout,
			List<ServiceSpec> services, Optional<ServiceSpec> fallback, Optional<ServiceSpec> timeoutService,
			List<ConfigWarning> warnings) {
		this(file, binds, maxconn, pidFile, timeout, services, fallback, timeoutService, warnings, ClientRules.NONE,
				Management.DEFAULT);
	}

	public PortsplitConfig {
		binds = List.copyOf(binds);
		services = List.copyOf(services);
		warnings = List.copyOf(warnings);
	}

	/** Each warning as it is shown: {@code FILE:LINE: warning: ...}. */
	public List<String> warningLines() {
		return this.warnings.stream().map(warning -> warning.format(this.file)).toList();
	}

	/** Every service, the special ones last in the order the file has them, for listings and metrics. */
	public List<ServiceSpec> allServices() {
		List<ServiceSpec> all = new ArrayList<>(this.services);
		List<ServiceSpec> special = new ArrayList<>();
		this.fallback.ifPresent(special::add);
		this.timeoutService.ifPresent(special::add);
		special.sort(Comparator.comparingInt(ServiceSpec::line));
		all.addAll(special);
		return List.copyOf(all);
	}
}
