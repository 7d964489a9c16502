package io.portsplit.config;

import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.BiFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.portsplit.access.AccessList;
import io.portsplit.access.AddressRange;
import io.portsplit.config.PortsplitProperties.PatternText;
import io.portsplit.match.AlpnCondition;
import io.portsplit.match.Condition;
import io.portsplit.match.NameCondition;
import io.portsplit.match.ProbeCondition;
import io.portsplit.match.RegexCondition;
import io.portsplit.match.StringCondition;
import io.portsplit.config.PortsplitProperties.ServiceProperties;
import io.portsplit.config.ProgramLocator.ProgramNotFoundException;

/**
 * The semantic pass: checks the bound properties as a whole (ranges, duplicate binds, one
 * action per service, programs that exist) and builds the {@link PortsplitConfig}. Lines come
 * from {@link SourceLines} because the bound values no longer carry them.
 */
final class ConfigValidator {

	private final Path file;

	private final SourceLines lines;

	private final ProgramLocator programs;

	ConfigValidator(Path file, SourceLines lines, ProgramLocator programs) {
		this.file = file;
		this.lines = lines;
		this.programs = programs;
	}

	PortsplitConfig validate(PortsplitProperties properties) throws ConfigException {
		List<BindAddress> binds = binds(properties.bind());
		int maxconn = atLeast(properties.maxconn(), 1, Option.MAXCONN, "must be at least 1");
		int timeout = atLeast(properties.timeout(), 0, Option.TIMEOUT,
				"must be a number of seconds, 0 or more (0 waits forever)");
		Optional<Path> pid = pid(properties.pid());
		List<ServiceSpec> ordinary = new ArrayList<>();
		ServiceSpec fallback = null;
		ServiceSpec timeoutService = null;
		List<ServiceProperties> services = properties.services();
		for (int i = 0; i < services.size(); i++) {
			ServiceSpec service = service(i, services.get(i));
			switch (service.name()) {
				case ServiceSpec.FALLBACK -> fallback = service;
				case ServiceSpec.TIMEOUT -> timeoutService = service;
				default -> ordinary.add(service);
			}
		}
		return new PortsplitConfig(this.file, binds, maxconn, pid, Duration.ofSeconds(timeout), ordinary,
				Optional.ofNullable(fallback), Optional.ofNullable(timeoutService),
				ShadowedPatternCheck.warnings(ordinary), clients(properties), management(properties.management()));
	}

	private Management management(String text) throws ConfigException {
		if (text == null) {
			return Management.DEFAULT;
		}
		if (text.equals("off")) {
			return Management.OFF;
		}
		try {
			return new Management(AddressParser.parseBind(text));
		}
		catch (ConfigValueException ex) {
			throw error(this.lines.line(SourceLines.global(Option.MANAGEMENT)), "bad value '" + text
					+ "' for 'management': must be IP:PORT (a literal address) or 'off'");
		}
	}

	private ClientRules clients(PortsplitProperties properties) throws ConfigException {
		AccessList access = new AccessList(ranges(SourceLines.global(Option.ALLOW), Option.ALLOW, properties.allow()),
				ranges(SourceLines.global(Option.DENY), Option.DENY, properties.deny()));
		List<AddressRange> acceptProxy = ranges(SourceLines.global(Option.ACCEPT_PROXY), Option.ACCEPT_PROXY,
				properties.acceptProxy());
		int perSource = optionalAtLeastOne(properties.maxconnPerSource(), SourceLines.global(Option.MAXCONN_PER_SOURCE),
				Option.MAXCONN_PER_SOURCE);
		int rate = optionalAtLeastOne(properties.ratePerSource(), SourceLines.global(Option.RATE_PER_SOURCE),
				Option.RATE_PER_SOURCE);
		return new ClientRules(access, acceptProxy, perSource, rate);
	}

	/** Address ranges of a repeatable option, each checked on its own line. */
	private List<AddressRange> ranges(String key, Option option, List<String> texts) throws ConfigException {
		List<AddressRange> ranges = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			try {
				ranges.add(AddressRange.parse(texts.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw error(this.lines.line(key + "[" + i + "]"), ex.getMessage() + " in '" + option.key() + "'");
			}
		}
		return ranges;
	}

	/** A number that must be 1 or more when it is given; 0 when it is not. */
	private int optionalAtLeastOne(Integer value, String key, Option option) throws ConfigException {
		if (value == null) {
			return 0;
		}
		if (value < 1) {
			throw error(this.lines.line(key), "bad value '" + this.lines.text(key) + "' for '" + option.key()
					+ "': must be at least 1 (leave the option out for no limit)");
		}
		return value;
	}

	private List<BindAddress> binds(List<BindAddress> binds) throws ConfigException {
		if (binds.isEmpty()) {
			throw new ConfigException(this.file, 0, "no 'bind' option: at least one address to listen on is required");
		}
		Map<InetSocketAddress, Integer> seen = new HashMap<>();
		for (int i = 0; i < binds.size(); i++) {
			String key = SourceLines.global(Option.BIND, i);
			int line = this.lines.line(key);
			Integer first = seen.putIfAbsent(binds.get(i).socketAddress(), line);
			if (first != null) {
				throw error(line, "duplicate bind '" + this.lines.text(key) + "': the same address is already bound on line "
						+ first);
			}
		}
		return binds;
	}

	private int atLeast(int value, int minimum, Option option, String rule) throws ConfigException {
		if (value < minimum) {
			String key = SourceLines.global(option);
			throw error(this.lines.line(key), "bad value '" + this.lines.text(key) + "' for '" + option.key() + "': " + rule);
		}
		return value;
	}

	/** A relative pid file is relative to the configuration file, not to wherever the daemon was started. */
	private Optional<Path> pid(String pid) throws ConfigException {
		if (pid == null) {
			return Optional.empty();
		}
		try {
			Path path = Path.of(pid);
			if (!path.isAbsolute()) {
				path = this.file.toAbsolutePath().getParent().resolve(path);
			}
			return Optional.of(path.normalize());
		}
		catch (InvalidPathException ex) {
			throw error(this.lines.line(SourceLines.global(Option.PID)), "bad path '" + pid + "' for 'pid': " + ex.getReason());
		}
	}

	private ServiceSpec service(int index, ServiceProperties service) throws ConfigException {
		String name = service.name();
		int line = this.lines.line(SourceLines.service(index) + ".name");
		int connectLine = this.lines.line(SourceLines.service(index, Option.CONNECT));
		int execLine = this.lines.line(SourceLines.service(index, Option.EXEC));
		if (service.connect() != null && service.exec() != null) {
			throw error(Math.max(connectLine, execLine), "service [" + name + "] has both 'connect' (line " + connectLine
					+ ") and 'exec' (line " + execLine + "): use exactly one");
		}
		if (service.exec() == null) {
			if (!service.execarg().isEmpty()) {
				throw error(this.lines.line(SourceLines.service(index, Option.EXECARG, 0)),
						"'execarg' without 'exec' in service [" + name + "]: arguments need a program to run");
			}
			if (service.pty() != null) {
				throw error(this.lines.line(SourceLines.service(index, Option.PTY)),
						"'pty' without 'exec' in service [" + name + "]: only a program can run on a pseudo-terminal");
			}
		}
		if (service.connect() == null && service.exec() == null) {
			throw error(line, "service [" + name + "] has no action: add 'connect = host:port' or 'exec = program'");
		}
		boolean special = ConfigFileReader.isSpecial(name);
		List<Condition> conditions = conditions(index, service);
		if (!special && conditions.isEmpty()) {
			throw error(line, "service [" + name + "] has no matching option: an ordinary service needs at least one"
					+ " of 'string', 'regex', 'probe', 'sni', 'alpn' or 'host'");
		}
		return new ServiceSpec(name, line, conditions, action(index, service, execLine), policy(index, service));
	}

	/** The matching options in file order, each checked where its value's form allows only here. */
	private List<Condition> conditions(int service, ServiceProperties properties) throws ConfigException {
		List<Condition> conditions = new ArrayList<>();
		List<PatternText> strings = properties.string();
		for (int i = 0; i < strings.size(); i++) {
			PatternText text = strings.get(i);
			conditions.add(new StringCondition(text.bytes(), text.escaped(),
					this.lines.line(SourceLines.service(service, Option.STRING, i))));
		}
		add(conditions, service, Option.REGEX, properties.regex(), RegexCondition::parse);
		add(conditions, service, Option.PROBE, properties.probe(), ProbeCondition::parse);
		add(conditions, service, Option.SNI, properties.sni(), NameCondition::sni);
		add(conditions, service, Option.ALPN, properties.alpn(), AlpnCondition::parse);
		add(conditions, service, Option.HOST, properties.host(), NameCondition::host);
		conditions.sort(Comparator.comparingInt(Condition::line));
		return conditions;
	}

	/** A condition from each value of {@code option}, or the file and line of the first bad one. */
	private void add(List<Condition> conditions, int service, Option option, List<String> values,
			BiFunction<String, Integer, Condition> parse) throws ConfigException {
		for (int i = 0; i < values.size(); i++) {
			int line = this.lines.line(SourceLines.service(service, option, i));
			try {
				conditions.add(parse.apply(values.get(i), line));
			}
			catch (IllegalArgumentException ex) {
				throw error(line, ex.getMessage());
			}
		}
	}

	private ServicePolicy policy(int index, ServiceProperties service) throws ConfigException {
		AccessList access = new AccessList(
				ranges(SourceLines.service(index, Option.ALLOW), Option.ALLOW, service.allow()),
				ranges(SourceLines.service(index, Option.DENY), Option.DENY, service.deny()));
		int maxconn = optionalAtLeastOne(service.maxconn(), SourceLines.service(index, Option.MAXCONN), Option.MAXCONN);
		Duration idle = seconds(service.idleTimeout(), SourceLines.service(index, Option.IDLE_TIMEOUT),
				Option.IDLE_TIMEOUT, Duration.ZERO);
		return new ServicePolicy(access, maxconn, idle);
	}

	/** A number of seconds, 0 or more, or {@code otherwise} when it is not given. */
	private Duration seconds(Integer value, String key, Option option, Duration otherwise) throws ConfigException {
		if (value == null) {
			return otherwise;
		}
		if (value < 0) {
			throw error(this.lines.line(key), "bad value '" + this.lines.text(key) + "' for '" + option.key()
					+ "': must be a number of seconds, 0 or more");
		}
		return Duration.ofSeconds(value);
	}

	private ActionSpec action(int index, ServiceProperties service, int execLine) throws ConfigException {
		String name = service.name();
		if (service.connect() == null) {
			for (Option connectOnly : List.of(Option.PROXY, Option.CONNECT_TIMEOUT)) {
				int line = this.lines.line(SourceLines.service(index, connectOnly));
				if (line > 0) {
					throw error(line, "'" + connectOnly.key() + "' without 'connect' in service [" + name
							+ "]: only a backend connection takes it");
				}
			}
		}
		if (service.connect() != null) {
			String timeoutKey = SourceLines.service(index, Option.CONNECT_TIMEOUT);
			Duration connectTimeout = seconds(service.connectTimeout(), timeoutKey, Option.CONNECT_TIMEOUT,
					ActionSpec.DEFAULT_CONNECT_TIMEOUT);
			if (connectTimeout.isZero()) {
				throw error(this.lines.line(timeoutKey), "bad value '0' for 'connect-timeout': must be at least 1 second");
			}
			return new ActionSpec.Connect(service.connect(), proxy(index, service.proxy()), connectTimeout);
		}
		try {
			this.programs.locate(service.exec());
		}
		catch (ProgramNotFoundException ex) {
			throw error(execLine, ex.getMessage());
		}
		return new ActionSpec.Exec(service.exec(), service.execarg(), Boolean.TRUE.equals(service.pty()));
	}

	private ActionSpec.ProxyProtocol proxy(int index, String text) throws ConfigException {
		if (text == null) {
			return ActionSpec.ProxyProtocol.NONE;
		}
		return switch (text) {
			case "v1" -> ActionSpec.ProxyProtocol.V1;
			case "v2" -> ActionSpec.ProxyProtocol.V2;
			case "no" -> ActionSpec.ProxyProtocol.NONE;
			default -> throw error(this.lines.line(SourceLines.service(index, Option.PROXY)),
					"bad value '" + text + "' for 'proxy': must be 'v1', 'v2' or 'no'");
		};
	}

	private ConfigException error(int line, String problem) {
		return new ConfigException(this.file, line, problem);
	}
}
