package org.hearth.core.internal.rooms;

import org.hearth.api.MatrixException;
import org.hearth.core.internal.util.TextLimits;
import org.hearth.api.auth.Requester;
import org.hearth.api.id.DeviceId;
import org.hearth.api.spi.storage.ClientTxn;

/**
 * Client transactions (Client-Server API, "Transaction identifiers"): a retransmission is a
 * request from the same device with the same transaction ID to the same path, so the scope of a
 * transaction ID is the endpoint's path without it. A requester without a device (an application
 * service) has the device "".
 */
public final class ClientTxns {
    private ClientTxns() {
    }

    /** {@code PUT /rooms/{roomId}/send/{eventType}/{txnId}}. */
    public static ClientTxn send(Requester requester, String roomId, String eventType, String txnId)
            throws MatrixException {
        TextLimits.identifier(txnId, "The transaction ID");
        return new ClientTxn(device(requester), "send " + roomId + " " + eventType, txnId);
    }

    /** {@code PUT /rooms/{roomId}/redact/{eventId}/{txnId}}. */
    public static ClientTxn redact(Requester requester, String roomId, String eventId, String txnId)
            throws MatrixException {
        TextLimits.identifier(txnId, "The transaction ID");
        return new ClientTxn(device(requester), "redact " + roomId + " " + eventId, txnId);
    }

    private static String device(Requester requester) {
        return requester.device().map(DeviceId::value).orElse("");
    }
}
