package org.hearth.api.spi.storage;

/**
 * A room event as stored.
 *
 * @param streamPosition the server-wide order in which events were accepted; from the database,
 *                       so it survives restarts (the basis of sync and pagination tokens)
 * @param stateKey       null for a message event
 * @param json           the event in federation (PDU) form, as canonical JSON text; the redacted
 *                       form once the event has been redacted
 * @param redactedBy     the redaction event that redacted this one, or null
 */
public record StoredEvent(long streamPosition, String eventId, String roomId, long depth, String type,
                          String stateKey, String sender, long originServerTs, String json, String redactedBy) {
}
