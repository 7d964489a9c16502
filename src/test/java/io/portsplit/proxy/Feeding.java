package io.portsplit.proxy;

import io.portsplit.proxy.ProxyHeaderDecoder.Status;

/**
 * Feeds bytes to a fresh {@link ProxyHeaderDecoder} in chunks, as reads would deliver them,
 * checking on every feed what any caller relies on: no more taken than given, and everything
 * given taken while the header is incomplete. Public for the fuzz test.
 */
public final class Feeding {

	/** What the decoder ended with, and how many bytes it took in all. */
	public record Outcome(Status status, int consumed, ProxyHeader header, String problem) {
	}

	private Feeding() {
	}

	/** All the bytes in one feed. */
	public static Outcome inOne(byte[] input) {
		return inChunks(input, new int[] { Math.max(1, input.length) });
	}

	/** One byte a feed. */
	public static Outcome byteByByte(byte[] input) {
		return inChunks(input, new int[] { 1 });
	}

	/** {@code input[0, cut)} then the rest. */
	public static Outcome cutAt(byte[] input, int cut) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		int consumed = feed(decoder, input, 0, cut);
		if (consumed == cut) {
			consumed += feed(decoder, input, cut, input.length);
		}
		return outcome(decoder, consumed);
	}

	/** Chunks of the given sizes (each at least 1), repeated as needed, until the decoder stops taking bytes. */
	public static Outcome inChunks(byte[] input, int[] sizes) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		int position = 0;
		for (int i = 0; position < input.length && decoder.status() == Status.INCOMPLETE; i++) {
			int end = Math.min(input.length, position + Math.max(1, sizes[i % sizes.length]));
			int consumed = feed(decoder, input, position, end);
			position += consumed;
			if (position < end) {
				break;
			}
		}
		return outcome(decoder, position);
	}

	private static int feed(ProxyHeaderDecoder decoder, byte[] input, int from, int to) {
		int consumed = decoder.feed(input, from, to);
		if (consumed < 0 || consumed > to - from) {
			throw new AssertionError("took " + consumed + " of " + (to - from) + " bytes");
		}
		if (decoder.status() == Status.INCOMPLETE && consumed != to - from) {
			throw new AssertionError("incomplete after taking only " + consumed + " of " + (to - from) + " bytes");
		}
		if (decoder.status() != Status.INCOMPLETE && decoder.feed(input, from + consumed, to) != 0) {
			throw new AssertionError("took bytes after " + decoder.status());
		}
		return consumed;
	}

	private static Outcome outcome(ProxyHeaderDecoder decoder, int consumed) {
		return switch (decoder.status()) {
			case COMPLETE -> new Outcome(Status.COMPLETE, consumed, decoder.header(), null);
			case INVALID -> new Outcome(Status.INVALID, consumed, null, decoder.problem());
			case INCOMPLETE -> new Outcome(Status.INCOMPLETE, consumed, null, null);
		};
	}
}
