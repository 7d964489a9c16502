package io.portsplit;

import java.io.PrintStream;

import io.portsplit.config.ConfigWarning;
import io.portsplit.config.PortsplitConfig;
import io.portsplit.config.ServiceSpec;

/** The summary {@code --check} prints for a valid file. */
final class CheckReport {

	private CheckReport() {
	}

	static void print(PortsplitConfig config, PrintStream out) {
		out.println(config.file() + ": OK");
		config.binds().forEach(bind -> out.println("  bind " + bind));
		out.println("  maxconn " + config.maxconn() + ", timeout " + config.timeout().toSeconds() + " s"
				+ config.pidFile().map(pid -> ", pid " + pid).orElse(""));
		for (ServiceSpec service : config.allServices()) {
			out.println("  " + PortsplitDaemon.describe(service));
		}
		for (ConfigWarning warning : config.warnings()) {
			out.println("warning: " + config.file() + ":" + warning.line() + ": " + warning.message());
		}
	}
}
