package io.portsplit;

import java.io.PrintStream;

import io.portsplit.config.PortsplitConfig;

/** The summary {@code --check} prints for a valid file. */
final class CheckReport {

	private CheckReport() {
	}

	static void print(PortsplitConfig config, PrintStream out) {
		out.println(config.file() + ": OK");
		config.binds().forEach(bind -> out.println("  bind " + bind));
		out.println("  maxconn " + config.maxconn() + ", timeout " + config.timeout().toSeconds() + " s"
				+ config.pidFile().map(pid -> ", pid " + pid).orElse(""));
		String clients = config.clients().describe();
		if (!clients.isEmpty()) {
			out.println("  clients: " + clients);
		}
		config.allServices().forEach(service -> out.println("  " + service.describe()));
		config.warningLines().forEach(out::println);
	}
}
