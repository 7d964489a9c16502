package io.portsplit.config;

/** Where a {@code connect} service relays to: a TCP host and port, or a Unix domain socket. */
public sealed interface BackendAddress permits HostPort, UnixSocket {
}
