package io.portsplit.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portsplit.access.IpLiteral;

/**
 * Reads the PROXY protocol header at the start of one connection, v1 or v2, from bytes fed as
 * they arrive, however they are split.
 *
 * <p>{@link #feed} takes bytes up to the end of the header and no further: what follows is the
 * client's own first bytes, which the caller passes on from where the count stops. No byte is
 * looked at twice; nothing is kept but the v1 line (at most 107 bytes) or the v2 fixed part and
 * addresses (at most 52 bytes). The same bytes give the same outcome, count and problem
 * whatever the split, because every decision is taken on one byte in order.
 *
 * <p>A header is refused as soon as one byte rules it out, as the spec recommends, so a client
 * that is not a proxy is turned away on its first byte rather than after a timeout: the first
 * byte must begin {@code PROXY } or the v2 signature, and each later one must still fit.
 * Whether a header is expected at all is the caller's decision, from configuration: the spec
 * forbids guessing, since a client could then claim any address.
 *
 * <h2>v1</h2>
 * {@code PROXY TCP4|TCP6 source destination sport dport\r\n} with single spaces, addresses in
 * the stated family (IPv4 as a strict dotted quad, IPv6 as hex groups, see {@link IpLiteral}),
 * ports 0 to 65535 without leading zeros, CRLF within 107 bytes. {@code PROXY UNKNOWN} may be
 * followed by anything up to the CRLF, which is ignored, as the spec requires; it gives a
 * {@link ProxyHeader#local()} header.
 *
 * <h2>v2</h2>
 * The 12-byte signature, version 2, command {@code LOCAL} or {@code PROXY}, one of the spec's
 * family and protocol bytes, the length, then addresses and TLVs. {@code PROXY} with TCP over
 * IPv4 or IPv6 gives the addresses. {@code LOCAL} gives a local header whatever follows, as the
 * spec requires. {@code PROXY} with {@code AF_UNSPEC}, {@code AF_UNIX} or UDP also gives a local
 * header: the spec tells a receiver that does not use such addresses to fall back to the
 * connection's own, and none of them is an IP client a TCP listener could check or limit (a
 * UNIX-socket client of the proxy is best described by the proxy's own address). Bytes after the
 * addresses, TLVs included, are skipped as they arrive, never buffered, and not interpreted:
 * portsplit takes nothing from them. That includes the optional CRC32C TLV, which is not
 * verified (the spec leaves checksum support to the receiver; the header has come over TCP from
 * a proxy trusted by configuration).
 *
 * <p>A v2 header longer than {@link #DEFAULT_MAX_V2_LENGTH} bytes, TLVs included, is refused
 * when its length field arrives; see there for why that size.
 *
 * <p>One decoder reads the start of one connection, on one thread at a time.
 */
public final class ProxyHeaderDecoder {

	/** Where a decoder stands. */
	public enum Status {

		/** More bytes are needed; every byte fed so far was taken. */
		INCOMPLETE,

		/** The header has been read; {@link ProxyHeaderDecoder#header()} says what it carries. */
		COMPLETE,

		/** Not a valid header; {@link ProxyHeaderDecoder#problem()} says why. The connection must be dropped. */
		INVALID
	}

	/**
	 * 4,096 bytes, TLVs included. Senders put little after the addresses: cloud load balancers a
	 * short TLV or two of their own (AWS NLB, for instance, sends its VPC endpoint id under type
	 * 0xEA, some tens of bytes), HAProxy an ALPN, authority, unique id (at most 128 bytes) and its
	 * SSL TLV (version, cipher, names: a few hundred bytes); and HAProxy as a receiver drops any
	 * connection with a single TLV value over 1,024 bytes. So 4,096 leaves room to spare, while
	 * keeping the bytes a peer can make portsplit read before the client's own bounded to a small
	 * page rather than the 65,551 the length field allows. The one TLV that can outgrow it is the
	 * spec's newest SSL sub-TLV, a client's raw certificate (often one to a few kilobytes); behind
	 * a sender set to add it, a listener needs a higher limit ({@link #ProxyHeaderDecoder(int)}).
	 */
	public static final int DEFAULT_MAX_V2_LENGTH = 4096;

	/** The spec's longest line (an {@code UNKNOWN} line with IPv6 fields), CRLF included. */
	static final int V1_MAX_LENGTH = 107;

	private static final int V2_LENGTH_LIMIT = V2Format.FIXED_LENGTH + 0xffff;

	private static final String NOT_A_HEADER = "not a PROXY protocol header";

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final int PROTOCOL_START = V1_PREFIX.length;

	private static final int TCP4 = 0;

	private static final int TCP6 = 1;

	private static final int UNKNOWN = 2;

	private static final byte[][] PROTOCOLS = { bytes("TCP4 "), bytes("TCP6 "), bytes("UNKNOWN") };

	private static final int ALL_PROTOCOLS = 0b111;

	private static final Pattern V1_TCP_LINE = Pattern.compile("PROXY TCP[46] ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+)");

	private static final Pattern PORT = Pattern.compile("0|[1-9][0-9]{0,4}");

	private final int maxV2Length;

	/** The v1 line, or the v2 fixed part followed by the addresses it carries. */
	private final byte[] buffer = new byte[V1_MAX_LENGTH];

	private Status status = Status.INCOMPLETE;

	private ProxyHeader header;

	private String problem;

	/** Header bytes taken so far, which is also the offset of the next one. */
	private int position;

	private boolean v2;

	/** v1: the protocol words the line can still be, one bit each, until one is complete. */
	private int protocolCandidates = ALL_PROTOCOLS;

	private int protocol = -1;

	private boolean afterCr;

	private int v2Command;

	private int v2FamilyAndProtocol;

	/** v2: the header's whole length, once its length field is read; -1 before. */
	private int v2Length = -1;

	/** v2: how many address bytes are kept (12 or 36 for TCP, 0 where none are used). */
	private int v2KeptAddresses;

	/** With {@link #DEFAULT_MAX_V2_LENGTH}. */
	public ProxyHeaderDecoder() {
		this(DEFAULT_MAX_V2_LENGTH);
	}

	/**
	 * @param maxV2Length longest v2 header accepted, TLVs included: from 232 (the fixed part and
	 * two {@code AF_UNIX} addresses) to 65,551 (all the length field can say)
	 */
	public ProxyHeaderDecoder(int maxV2Length) {
		int shortest = V2Format.FIXED_LENGTH + V2Format.LONGEST_ADDRESSES;
		if (maxV2Length < shortest || maxV2Length > V2_LENGTH_LIMIT) {
			throw new IllegalArgumentException(
					"the v2 limit must be " + shortest + " to " + V2_LENGTH_LIMIT + " bytes, not " + maxV2Length);
		}
		this.maxV2Length = maxV2Length;
	}

	/**
	 * Takes bytes {@code from} (inclusive) {@code to} (exclusive) as the next ones of the
	 * connection, and returns how many were part of the header: all of them while
	 * {@link Status#INCOMPLETE}, those up to its last byte once {@link Status#COMPLETE}, those up
	 * to the one that ruled it out once {@link Status#INVALID}, and none once either is reached.
	 */
	public int feed(byte[] data, int from, int to) {
		Objects.checkFromToIndex(from, to, data.length);
		int next = from;
		while (next < to && this.status == Status.INCOMPLETE) {
			if (this.v2Length >= 0 && this.position >= V2Format.FIXED_LENGTH + this.v2KeptAddresses) {
				int skipped = Math.min(to - next, this.v2Length - this.position);
				this.position += skipped;
				next += skipped;
			}
			else {
				take(data[next]);
				next++;
			}
			if (this.v2Length == this.position && this.status == Status.INCOMPLETE) {
				completeV2();
			}
		}
		return next - from;
	}

	public Status status() {
		return this.status;
	}

	/** What the header carries; only once {@link Status#COMPLETE}. */
	public ProxyHeader header() {
		if (this.status != Status.COMPLETE) {
			throw new IllegalStateException("no header yet: " + this.status);
		}
		return this.header;
	}

	/** Why the bytes are not a valid header, in a few words for the log; only once {@link Status#INVALID}. */
	public String problem() {
		if (this.status != Status.INVALID) {
			throw new IllegalStateException("not invalid: " + this.status);
		}
		return this.problem;
	}

	private void take(byte b) {
		int offset = this.position++;
		if (offset == 0) {
			if (b == CR) {
				this.v2 = true;
			}
			else if (b != V1_PREFIX[0]) {
				invalid(NOT_A_HEADER);
				return;
			}
		}
		if (this.v2) {
			takeV2(b, offset);
		}
		else {
			takeV1(b, offset);
		}
	}

	private void takeV1(byte b, int offset) {
		this.buffer[offset] = b;
		if (offset < PROTOCOL_START) {
			if (b != V1_PREFIX[offset]) {
				invalid(NOT_A_HEADER);
			}
			return;
		}
		if (this.afterCr) {
			if (b == LF) {
				completeV1(offset - 1);
			}
			else {
				invalid("v1: CR not followed by LF");
			}
			return;
		}
		if (b == LF) {
			invalid("v1: LF without CR");
			return;
		}
		if (this.protocol < 0) {
			takeProtocolByte(b, offset);
		}
		else if (b == CR) {
			this.afterCr = true;
		}
		else if (!allowedAfterProtocol(b, offset)) {
			invalid(String.format("v1: unexpected byte 0x%02x at offset %d", b & 0xff, offset));
		}
		if (this.status == Status.INCOMPLETE && offset == V1_MAX_LENGTH - 1) {
			invalid("v1: no CRLF within " + V1_MAX_LENGTH + " bytes");
		}
	}

	private void takeProtocolByte(byte b, int offset) {
		int index = offset - PROTOCOL_START;
		for (int candidate = 0; candidate < PROTOCOLS.length; candidate++) {
			byte[] word = PROTOCOLS[candidate];
			if (index >= word.length || word[index] != b) {
				this.protocolCandidates &= ~(1 << candidate);
			}
			else if (index == word.length - 1 && (this.protocolCandidates & (1 << candidate)) != 0) {
				this.protocol = candidate;
			}
		}
		if (this.protocolCandidates == 0) {
			invalid("v1: the protocol is not TCP4, TCP6 or UNKNOWN");
		}
	}

	private boolean allowedAfterProtocol(byte b, int offset) {
		return switch (this.protocol) {
			case TCP4 -> b == ' ' || b == '.' || (b >= '0' && b <= '9');
			case TCP6 -> b == ' ' || b == '.' || b == ':' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f')
					|| (b >= 'A' && b <= 'F');
			// The spec lets anything follow UNKNOWN up to the CRLF, once a space ends the word.
			default -> offset != PROTOCOL_START + PROTOCOLS[UNKNOWN].length || b == ' ';
		};
	}

	private void completeV1(int crOffset) {
		if (this.protocol == UNKNOWN) {
			complete(ProxyHeader.local());
			return;
		}
		String line = new String(this.buffer, 0, crOffset, StandardCharsets.US_ASCII);
		Matcher fields = V1_TCP_LINE.matcher(line);
		if (!fields.matches()) {
			invalid("v1: expected source, destination, source port and destination port, separated by single spaces");
			return;
		}
		InetAddress source = v1Address(fields.group(1), "source");
		InetAddress destination = (source == null) ? null : v1Address(fields.group(2), "destination");
		int sourcePort = (destination == null) ? -1 : v1Port(fields.group(3), "source");
		int destinationPort = (sourcePort < 0) ? -1 : v1Port(fields.group(4), "destination");
		if (destinationPort >= 0) {
			complete(new ProxyHeader(new InetSocketAddress(source, sourcePort),
					new InetSocketAddress(destination, destinationPort)));
		}
	}

	private InetAddress v1Address(String text, String side) {
		InetAddress address = (this.protocol == TCP4) ? IpLiteral.ipv4(text) : IpLiteral.ipv6(text);
		if (address == null) {
			invalid("v1: " + side + " address '" + text + "' is not an " + ((this.protocol == TCP4) ? "IPv4" : "IPv6")
					+ " address");
		}
		return address;
	}

	private int v1Port(String text, String side) {
		int port = PORT.matcher(text).matches() ? Integer.parseInt(text) : -1;
		if (port < 0 || port > 0xffff) {
			invalid("v1: " + side + " port '" + text + "' is not 0 to 65535 without leading zeros");
			return -1;
		}
		return port;
	}

	private void takeV2(byte b, int offset) {
		this.buffer[offset] = b;
		if (offset < V2Format.SIGNATURE.length) {
			if (b != V2Format.SIGNATURE[offset]) {
				invalid(NOT_A_HEADER);
			}
		}
		else if (offset == V2Format.VERSION_AND_COMMAND_OFFSET) {
			int version = (b & 0xf0) >>> 4;
			if (version != V2Format.VERSION) {
				invalid("v2: version " + version + ", not " + V2Format.VERSION);
			}
			else if ((b & 0x0f) > V2Format.COMMAND_PROXY) {
				invalid("v2: command " + (b & 0x0f) + " is neither LOCAL (0) nor PROXY (1)");
			}
			this.v2Command = b & 0x0f;
		}
		else if (offset == V2Format.FAMILY_AND_PROTOCOL_OFFSET) {
			this.v2FamilyAndProtocol = b & 0xff;
			if (V2Format.addressLength(this.v2FamilyAndProtocol) < 0) {
				invalid(String.format("v2: family and protocol 0x%02x are not defined", b & 0xff));
			}
		}
		else if (offset == V2Format.LENGTH_OFFSET + 1) {
			readV2Length(unsignedShort(V2Format.LENGTH_OFFSET));
		}
	}

	private void readV2Length(int addressAndTlvLength) {
		int length = V2Format.FIXED_LENGTH + addressAndTlvLength;
		if (length > this.maxV2Length) {
			invalid("v2: a header of " + length + " bytes is over the limit of " + this.maxV2Length);
			return;
		}
		int addresses = V2Format.addressLength(this.v2FamilyAndProtocol);
		if (this.v2Command == V2Format.COMMAND_PROXY && addressAndTlvLength < addresses) {
			invalid("v2: " + addressAndTlvLength + " bytes cannot hold the " + addresses + " bytes of addresses of "
					+ String.format("0x%02x", this.v2FamilyAndProtocol));
			return;
		}
		boolean tcp = this.v2FamilyAndProtocol == V2Format.TCP_OVER_IPV4
				|| this.v2FamilyAndProtocol == V2Format.TCP_OVER_IPV6;
		this.v2KeptAddresses = (this.v2Command == V2Format.COMMAND_PROXY && tcp) ? addresses : 0;
		this.v2Length = length;
	}

	private void completeV2() {
		if (this.v2KeptAddresses == 0) {
			complete(ProxyHeader.local());
			return;
		}
		int size = (this.v2KeptAddresses - 4) / 2;
		int from = V2Format.FIXED_LENGTH;
		InetAddress source = v2Address(from, size);
		InetAddress destination = v2Address(from + size, size);
		int ports = from + 2 * size;
		complete(new ProxyHeader(new InetSocketAddress(source, unsignedShort(ports)),
				new InetSocketAddress(destination, unsignedShort(ports + 2))));
	}

	private InetAddress v2Address(int from, int size) {
		try {
			return InetAddress.getByAddress(Arrays.copyOfRange(this.buffer, from, from + size));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

	private int unsignedShort(int offset) {
		return ((this.buffer[offset] & 0xff) << 8) | (this.buffer[offset + 1] & 0xff);
	}

	private void complete(ProxyHeader header) {
		this.header = header;
		this.status = Status.COMPLETE;
	}

	private void invalid(String problem) {
		this.problem = problem;
		this.status = Status.INVALID;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}
}
