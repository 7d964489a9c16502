package io.portsplit.relay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One relay loop per core, each with one 64 KiB scratch buffer that all of its reads go through. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	private static final int SCRATCH_BYTES = 64 * 1024;

	@Bean(destroyMethod = "close")
	RelayEngine relayEngine() {
		return new RelayEngine(Math.max(1, Runtime.getRuntime().availableProcessors()), SCRATCH_BYTES);
	}
}
