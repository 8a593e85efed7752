package org.hearth.api.federation;

/**
 * What became of one PDU received over federation (Server-Server API, "Checks performed on receipt
 * of a PDU"). None of them fails the transaction.
 *
 * @param eventId the event's ID, or null when it could not even be computed
 * @param error   why it was dropped or rejected; null when accepted or soft-failed
 */
public record PduOutcome(String eventId, Result result, String error) {
    public enum Result {
        /** Stored and part of the room. */
        ACCEPTED,
        /** Stored, passes auth at its place in the DAG but not against the current state: not shown to clients. */
        SOFT_FAILED,
        /** Stored as rejected: fails the authorization rules (auth events or state before it). */
        REJECTED,
        /** Not stored: invalid format, bad signature, unknown room, over the limits. */
        DROPPED
    }
}
