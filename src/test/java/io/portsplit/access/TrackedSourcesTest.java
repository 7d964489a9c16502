package io.portsplit.access;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.portsplit.support.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Admission#trackedSources()}, read as the {@code portsplit_sources_tracked} gauge and
 * by {@code /actuator/portsplit}: the sources whose state the per-source limits keep. A source
 * is kept while it has connections open and for the second its rate bucket takes to refill;
 * once every source has gone quiet the reading is back to 0 without another connection
 * arriving to clear the table, as it is after a flood from many sources.
 */
class TrackedSourcesTest {

	private static final int SOURCES = 100;

	@Test
	void sourcesThatWentQuietAreNoLongerCountedThoughNoOtherClientArrives() {
		Admission admission = new Admission(SOURCES, AccessList.permitAll(), List.of(), 1, 1);
		List<Admission.Permit> open = new ArrayList<>();
		for (int i = 1; i <= SOURCES; i++) {
			Admission.Permit permit = admission.admit(new InetSocketAddress(Addresses.loopback(i), 40000));
			assertThat(permit.admitted()).isTrue();
			open.add(permit);
		}
		assertThat(admission.trackedSources()).as("each has a connection open").isEqualTo(SOURCES);
		open.forEach(Admission.Permit::release);
		assertThat(admission.trackedSources()).isBetween(0, SOURCES);
		await().atMost(Waits.EFFECT).pollInterval(Waits.POLL).until(() -> admission.trackedSources() == 0);
	}
}
