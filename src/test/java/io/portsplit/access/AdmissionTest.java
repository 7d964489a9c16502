package io.portsplit.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One admission point: every rule that can turn a connection away, and what a permit gives back. */
class AdmissionTest {

	private static InetSocketAddress from(String address) throws Exception {
		return new InetSocketAddress(InetAddress.getByName(address), 40000);
	}

	private static AccessList allowOnly(String range) {
		return new AccessList(List.of(AddressRange.parse(range)), List.of());
	}

	@Test
	void maxconnCountsOverAllConnectionsAndARefusalTakesNothing() throws Exception {
		Admission admission = new Admission(2);
		Admission.Permit first = admission.admit(from("127.0.0.1"));
		Admission.Permit second = admission.admit(from("127.0.0.2"));
		Admission.Permit third = admission.admit(from("127.0.0.3"));
		assertThat(first.admitted()).isTrue();
		assertThat(second.admitted()).isTrue();
		assertThat(third.refusal()).isEqualTo(Admission.Refusal.MAXCONN);
		assertThat(admission.open()).isEqualTo(2);
		third.release();
		assertThat(admission.open()).isEqualTo(2);
		first.release();
		first.release();
		assertThat(admission.open()).as("released once").isEqualTo(1);
	}

	@Test
	void theAccessListRefusesAtAcceptAndGivesTheSlotBack() throws Exception {
		Admission admission = new Admission(10, allowOnly("127.0.0.0/8"), List.of(), 0, 0);
		assertThat(admission.admit(from("127.0.0.5")).admitted()).isTrue();
		assertThat(admission.admit(from("192.0.2.1")).refusal()).isEqualTo(Admission.Refusal.ACL);
		assertThat(admission.admit(from("::ffff:127.0.0.9")).admitted()).as("an IPv4-mapped source is IPv4").isTrue();
		assertThat(admission.open()).isEqualTo(2);
	}

	@Test
	void perSourceLimitsAreCountedAgainstTheSourceAndGivenBack() throws Exception {
		Admission admission = new Admission(100, AccessList.permitAll(), List.of(), 2, 0);
		Admission.Permit a1 = admission.admit(from("127.0.0.1"));
		Admission.Permit a2 = admission.admit(from("127.0.0.1"));
		assertThat(admission.admit(from("127.0.0.1")).refusal()).isEqualTo(Admission.Refusal.SOURCE_LIMIT);
		assertThat(admission.admit(from("127.0.0.2")).admitted()).isTrue();
		assertThat(admission.admit(from("2001:db8::1")).admitted()).isTrue();
		assertThat(admission.admit(from("2001:db8::2")).admitted()).isTrue();
		assertThat(admission.admit(from("2001:db8::3")).refusal()).as("one /64 is one source")
			.isEqualTo(Admission.Refusal.SOURCE_LIMIT);
		a1.release();
		assertThat(admission.admit(from("127.0.0.1")).admitted()).isTrue();
		a2.release();
	}

	@Test
	void theRateIsPerSource() throws Exception {
		Admission admission = new Admission(100, AccessList.permitAll(), List.of(), 0, 3);
		for (int i = 0; i < 3; i++) {
			admission.admit(from("127.0.0.1")).release();
		}
		assertThat(admission.admit(from("127.0.0.1")).refusal()).isEqualTo(Admission.Refusal.RATE);
		assertThat(admission.admit(from("127.0.0.2")).admitted()).isTrue();
	}

	@Test
	void aTrustedProxyWaitsForItsHeaderAndTheClientItNamesIsCheckedThen() throws Exception {
		Admission admission = new Admission(100, allowOnly("10.0.0.0/8"), List.of(AddressRange.parse("127.0.0.1")), 1, 0);
		Admission.Permit permit = admission.admit(from("127.0.0.1"));
		assertThat(permit.admitted()).as("the proxy itself is not checked against allow").isTrue();
		assertThat(permit.awaitingIdentity()).isTrue();
		assertThat(permit.identify(InetAddress.getByName("10.1.2.3"))).isNull();
		assertThat(permit.awaitingIdentity()).isFalse();
		Admission.Permit second = admission.admit(from("127.0.0.1"));
		assertThat(second.identify(InetAddress.getByName("10.1.2.3"))).as("the named client's own limit")
			.isEqualTo(Admission.Refusal.SOURCE_LIMIT);
		Admission.Permit third = admission.admit(from("127.0.0.1"));
		assertThat(third.identify(InetAddress.getByName("192.0.2.1"))).isEqualTo(Admission.Refusal.ACL);
		assertThat(admission.admit(from("127.0.0.2")).refusal()).as("not trusted: checked itself")
			.isEqualTo(Admission.Refusal.ACL);
	}

	@Test
	void aServicesOwnMaxconnIsKeptByNameAndGivenBackAtRelease() throws Exception {
		Admission admission = new Admission(100);
		Admission.Permit first = admission.admit(from("127.0.0.1"));
		Admission.Permit second = admission.admit(from("127.0.0.1"));
		assertThat(first.claimService("admin", 1)).isNull();
		assertThat(second.claimService("admin", 1)).isEqualTo(Admission.Refusal.SERVICE_LIMIT);
		assertThat(second.claimService("web", 0)).as("no limit of its own").isNull();
		assertThat(admission.openIn("admin")).isEqualTo(1);
		first.release();
		assertThat(admission.openIn("admin")).isZero();
		assertThat(admission.open()).isEqualTo(1);
	}

	@Test
	void aReloadKeepsThePerSourceStateWhenItsLimitsAreTheSame() throws Exception {
		Admission admission = new Admission(100, AccessList.permitAll(), List.of(), 1, 0);
		Admission.Permit held = admission.admit(from("127.0.0.1"));
		admission.apply(50, AccessList.permitAll(), List.of(), 1, 0);
		assertThat(admission.maxconn()).isEqualTo(50);
		assertThat(admission.admit(from("127.0.0.1")).refusal()).isEqualTo(Admission.Refusal.SOURCE_LIMIT);
		admission.apply(50, AccessList.permitAll(), List.of(), 2, 0);
		assertThat(admission.admit(from("127.0.0.1")).admitted()).as("new limits start afresh").isTrue();
		held.release();
		assertThat(admission.trackedSources()).isEqualTo(1);
	}
}
