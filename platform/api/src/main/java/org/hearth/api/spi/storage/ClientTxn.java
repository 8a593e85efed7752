package org.hearth.api.spi.storage;

/**
 * The client transaction an event was sent with (Client-Server API, "Transaction identifiers"):
 * a retried request finds the event of the first attempt. A transaction ID is scoped to one
 * device and one endpoint path, so the same ID sent to {@code /send} and to {@code /redact}, or
 * to {@code /send} in two rooms, names two transactions.
 *
 * @param scope the endpoint path without the transaction ID, as core names it (such as
 *              {@code "send !room m.room.message"}); opaque to storage
 */
public record ClientTxn(String deviceId, String scope, String txnId) {
}
