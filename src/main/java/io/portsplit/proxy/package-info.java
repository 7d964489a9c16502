/**
 * The PROXY protocol (HAProxy's {@code doc/proxy-protocol.txt}, versions 1 and 2): the header a
 * proxy puts before a connection's bytes to say whose connection it relays. Read on listeners
 * behind a load balancer, so a client's own address is the one access lists, limits and logs
 * see; written towards backends, so they see it too.
 *
 * <p>The bottom layer, without sockets: the decoder is fed bytes as they are read and says how
 * many belong to the header, so the bytes after it stay the client's.
 */
package io.portsplit.proxy;
