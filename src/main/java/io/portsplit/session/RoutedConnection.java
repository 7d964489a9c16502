package io.portsplit.session;

import io.portsplit.route.Decision;

/**
 * Payload of the message that carries a decided connection to its action.
 *
 * @param session the client connection
 * @param decision what was decided
 * @param firstBytes everything read before the decision, to be handed on first, once
 */
public record RoutedConnection(ClientSession session, Decision decision, byte[] firstBytes) {
}
