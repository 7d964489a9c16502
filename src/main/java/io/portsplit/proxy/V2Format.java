package io.portsplit.proxy;

/** The fixed numbers of a v2 header, shared by the encoder and the decoder. */
final class V2Format {

	/** The twelve bytes that open every v2 header; the fifth is a NUL, so they are never text. */
	static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	/** The byte after the signature: version in the high four bits, command in the low four. */
	static final int VERSION_AND_COMMAND_OFFSET = 12;

	/** Address family in the high four bits, transport protocol in the low four. */
	static final int FAMILY_AND_PROTOCOL_OFFSET = 13;

	/** Two bytes, big-endian: how many bytes of addresses and TLVs follow the fixed part. */
	static final int LENGTH_OFFSET = 14;

	/** Signature, version and command, family and protocol, and the length. */
	static final int FIXED_LENGTH = 16;

	static final int VERSION = 2;

	/** The other command, LOCAL, is 0: a connection of the proxy's own, without addresses. */
	static final int COMMAND_PROXY = 1;

	static final int TCP_OVER_IPV4 = 0x11;

	static final int TCP_OVER_IPV6 = 0x21;

	/** Two {@code AF_UNIX} paths, the longest address block the spec defines. */
	static final int LONGEST_ADDRESSES = 216;

	private V2Format() {
	}

	/** The spec's seven family and protocol bytes and the address bytes each has; -1 for any other. */
	static int addressLength(int familyAndProtocol) {
		return switch (familyAndProtocol) {
			case 0x00 -> 0;
			case 0x11, 0x12 -> 12;
			case 0x21, 0x22 -> 36;
			case 0x31, 0x32 -> LONGEST_ADDRESSES;
			default -> -1;
		};
	}
}
