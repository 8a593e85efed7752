package org.hearth.api.spi.storage;

/**
 * An event accepted into a room, to be stored by {@link EventStore#append}.
 *
 * @param stateKey  null for a message event
 * @param json      the PDU as canonical JSON text
 * @param txnDevice with {@code txnId}: the device and client transaction ID that sent it, so a
 *                  retried {@code PUT /send/{type}/{txnId}} finds the same event; both null otherwise
 */
public record NewEvent(String eventId, String type, String stateKey, String sender, long depth, long originServerTs,
                       String json, String txnDevice, String txnId) {
}
