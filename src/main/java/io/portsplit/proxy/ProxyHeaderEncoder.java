package io.portsplit.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.portsplit.access.IpLiteral;
import io.portsplit.access.Ipv4Mapped;

/**
 * PROXY protocol headers for a backend connection, carrying the client's address and the
 * address it connected to.
 *
 * <p>A header names one family for both addresses, so they are brought to one: an
 * IPv4-mapped IPv6 address is sent as the IPv4 address it is ({@code TCP4}, {@code AF_INET}),
 * and if the families still differ the IPv4 one is sent mapped ({@code ::ffff:a.b.c.d}) under
 * {@code TCP6}, which every receiver reads back as that IPv4 address. IPv6 scope ids are not
 * sent: the protocol has no field for them, and they mean nothing on another host.
 *
 * <p>v1 writes addresses as RFC 5952 text ({@link IpLiteral#format}); v2 sends no TLVs, since
 * the addresses are all a backend needs from portsplit.
 */
public final class ProxyHeaderEncoder {

	private ProxyHeaderEncoder() {
	}

	/** {@code PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n}, or {@code TCP6} with IPv6 text. */
	public static byte[] v1(InetSocketAddress client, InetSocketAddress server) {
		byte[][] addresses = sameFamily(client, server);
		String line = "PROXY " + (addresses[0].length == 4 ? "TCP4 " : "TCP6 ") + IpLiteral.format(addresses[0]) + " "
				+ IpLiteral.format(addresses[1]) + " " + client.getPort() + " " + server.getPort() + "\r\n";
		return line.getBytes(StandardCharsets.US_ASCII);
	}

	/** The 16-byte v2 header, command PROXY, TCP over IPv4 or IPv6, then addresses and ports. */
	public static byte[] v2(InetSocketAddress client, InetSocketAddress server) {
		byte[][] addresses = sameFamily(client, server);
		boolean ipv4 = addresses[0].length == 4;
		int addressLength = 2 * addresses[0].length + 4;
		ByteBuffer header = ByteBuffer.allocate(V2Format.FIXED_LENGTH + addressLength);
		header.put(V2Format.SIGNATURE)
			.put((byte) (V2Format.VERSION << 4 | V2Format.COMMAND_PROXY))
			.put((byte) (ipv4 ? V2Format.TCP_OVER_IPV4 : V2Format.TCP_OVER_IPV6))
			.putShort((short) addressLength)
			.put(addresses[0])
			.put(addresses[1])
			.putShort((short) client.getPort())
			.putShort((short) server.getPort());
		return header.array();
	}

	/** The two addresses' bytes, both four long or both sixteen. */
	private static byte[][] sameFamily(InetSocketAddress client, InetSocketAddress server) {
		byte[] source = Ipv4Mapped.unmappedBytes(address(client, "client"));
		byte[] destination = Ipv4Mapped.unmappedBytes(address(server, "server"));
		if (source.length == 4 && destination.length == 16) {
			source = Ipv4Mapped.map(source);
		}
		else if (source.length == 16 && destination.length == 4) {
			destination = Ipv4Mapped.map(destination);
		}
		return new byte[][] { source, destination };
	}

	private static InetAddress address(InetSocketAddress socketAddress, String side) {
		InetAddress address = socketAddress.getAddress();
		if (address == null) {
			throw new IllegalArgumentException("the " + side + " address is an unresolved name: " + socketAddress);
		}
		return address;
	}
}
