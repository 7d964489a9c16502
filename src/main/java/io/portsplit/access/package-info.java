/**
 * Who may connect, and how much: source addresses as text and as ranges, the allow/deny
 * lists that admit or refuse a source, and the per-source limits on open connections and on
 * the rate of new ones.
 *
 * <p>The bottom layer: nothing here knows of sockets, configuration or Spring, so every rule
 * is tested on plain values and an injected clock. Addresses are never looked up: text is
 * checked to be a literal before the JDK parses it.
 */
package io.portsplit.access;
