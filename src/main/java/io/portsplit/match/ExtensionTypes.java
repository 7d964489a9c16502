package io.portsplit.match;

/**
 * The set of TLS extension types (16-bit values) seen so far in one ClientHello, to refuse a
 * repeated one (RFC 8446 §4.2). Open addressing over an {@code int} table, so that an
 * adversarial ClientHello with thousands of distinct types still costs linear time.
 */
final class ExtensionTypes {

	private static final int INITIAL_CAPACITY = 32;

	/** Each slot holds a type plus one, 0 meaning empty. */
	private int[] slots = new int[INITIAL_CAPACITY];

	private int size;

	/** Adds the type; false if it was already there. */
	boolean add(int type) {
		if (addTo(this.slots, type + 1)) {
			this.size++;
			if (this.size * 2 > this.slots.length) {
				grow();
			}
			return true;
		}
		return false;
	}

	private static boolean addTo(int[] table, int entry) {
		int mask = table.length - 1;
		int i = (entry * 0x9E3779B1 >>> 16) & mask;
		while (table[i] != 0) {
			if (table[i] == entry) {
				return false;
			}
			i = (i + 1) & mask;
		}
		table[i] = entry;
		return true;
	}

	private void grow() {
		int[] bigger = new int[this.slots.length * 2];
		for (int entry : this.slots) {
			if (entry != 0) {
				addTo(bigger, entry);
			}
		}
		this.slots = bigger;
	}
}
