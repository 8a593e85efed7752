package org.hearth.core.internal.client.profile;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.rooms.Suspension;

/** Only the owner changes a profile; a guest only its display name. */
final class OwnProfile {
    private OwnProfile() {
    }

    /**
     * The path's user, when it is the requester: else 403 {@code M_FORBIDDEN}; 403
     * {@code M_GUEST_ACCESS_FORBIDDEN} for a guest changing another field than {@code displayname}, 403
     * {@code M_USER_SUSPENDED} for a suspended account.
     */
    static UserId user(RouteRequest request) throws MatrixException {
        UserId user = request.userId("userId");
        if (!request.requester().userId().equals(user)) {
            throw MatrixException.forbidden("Cannot change the profile of another user");
        }
        // "Guest Access": a guest may change (or remove) its display name and nothing else
        if (request.requester().guest() && !"displayname".equals(request.pathParam("keyName"))) {
            throw new MatrixException(403, "M_GUEST_ACCESS_FORBIDDEN", "Guests may only change their display name");
        }
        Suspension.refuse(request.requester(), "change its profile");
        return user;
    }
}
