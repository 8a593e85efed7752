package org.hearth.core.internal.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;

/**
 * What a suspended account may not do (Client-Server API, "Account suspension"): the endpoints
 * that join, knock, invite, create rooms, send, change state or membership of others, or change
 * the profile ask here first. Reading, syncing, leaving, rejecting invites, redacting one's own
 * events, receipts, typing, devices, keys and logging out stay open, as the spec recommends.
 */
public final class Suspension {
    private Suspension() {
    }

    /** 403 {@code M_USER_SUSPENDED} when the requester's account is suspended. */
    public static void refuse(Requester requester, String action) throws MatrixException {
        if (requester.suspended()) {
            throw suspended(action);
        }
    }

    /** The error a suspended account gets for {@code action} ("send messages"). */
    public static MatrixException suspended(String action) {
        return new MatrixException(403, "M_USER_SUSPENDED", "This account is suspended and cannot " + action);
    }
}
