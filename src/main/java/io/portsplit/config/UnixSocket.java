package io.portsplit.config;

import java.nio.file.Path;

/** {@code connect = unix:/PATH}: a Unix domain stream socket. */
public record UnixSocket(Path path) implements BackendAddress {

	@Override
	public String toString() {
		return "unix:" + this.path;
	}
}
