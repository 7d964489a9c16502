package io.portsplit.proxy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static io.portsplit.proxy.Bytes.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProxyHeaderTest {

	private static final InetSocketAddress PEER = address("203.0.113.9", 40000);

	private static final InetSocketAddress LOCAL_END = address("198.51.100.1", 443);

	@Test
	void aLocalHeaderLeavesTheConnectionsOwnAddresses() {
		ProxyHeader local = ProxyHeader.local();
		assertThat(local.isLocal()).isTrue();
		assertThat(local.source()).isNull();
		assertThat(local.destination()).isNull();
		assertThat(local.sourceOr(PEER)).isSameAs(PEER);
		assertThat(local.destinationOr(LOCAL_END)).isSameAs(LOCAL_END);
		assertThat(local).hasToString("LOCAL");
	}

	@Test
	void aProxiedHeaderGivesItsAddresses() {
		ProxyHeader header = new ProxyHeader(address("192.0.2.7", 56324), address("2001:db8::1", 443));
		assertThat(header.isLocal()).isFalse();
		assertThat(header.sourceOr(PEER)).isEqualTo(address("192.0.2.7", 56324));
		assertThat(header.destinationOr(LOCAL_END)).isEqualTo(address("2001:db8::1", 443));
		assertThat(header).hasToString("192.0.2.7:56324 -> [2001:db8::1]:443");
	}

	@Test
	void aHeaderHasBothAddressesOrNeither() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ProxyHeader(PEER, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new ProxyHeader(null, PEER));
		assertThat(new ProxyHeader(null, null)).isEqualTo(ProxyHeader.local());
	}

	@Test
	void aHeaderCarriesAddressesNotNames() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProxyHeader(InetSocketAddress.createUnresolved("example.com", 1), LOCAL_END));
	}
}
