package io.portsplit.lifecycle;

import io.portsplit.config.PortsplitConfig;

/**
 * Published once a configuration is in force: at start, once every bind listens, and after
 * each reload that was applied. What depends on the configuration as a whole (the metrics'
 * series, say) follows it from here.
 *
 * @param config the configuration now in force
 */
public record ConfigurationApplied(PortsplitConfig config) {
}
