package io.portsplit.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections routed to each service and open now, by service name, for the services'
 * own {@code maxconn}. By name, so that a reload that keeps a service keeps its count:
 * the connections routed before it still hold their slots.
 */
final class ServiceSlots {

	private final ConcurrentMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

	boolean tryClaim(String service, int max) {
		AtomicInteger count = this.open.computeIfAbsent(service, name -> new AtomicInteger());
		while (true) {
			int current = count.get();
			if (current >= max) {
				return false;
			}
			if (count.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void release(String service) {
		AtomicInteger count = this.open.get(service);
		if (count != null) {
			count.decrementAndGet();
		}
	}

	int open(String service) {
		AtomicInteger count = this.open.get(service);
		return (count != null) ? count.get() : 0;
	}
}
