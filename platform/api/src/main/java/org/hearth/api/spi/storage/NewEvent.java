package org.hearth.api.spi.storage;

/**
 * An event accepted into a room, to be stored by {@link EventStore#write}.
 *
 * @param stateKey null for a message event
 * @param json     the PDU as canonical JSON text
 * @param txn      the client transaction that sent it, so that a retried request finds the same
 *                 event; null for events sent without one
 */
public record NewEvent(String eventId, String type, String stateKey, String sender, long depth, long originServerTs,
                       String json, ClientTxn txn) {
}
