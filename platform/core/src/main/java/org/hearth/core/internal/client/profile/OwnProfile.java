package org.hearth.core.internal.client.profile;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.UserId;

/** Only the owner changes a profile. */
final class OwnProfile {
    private OwnProfile() {
    }

    /** The path's user, when it is the requester: else 403 {@code M_FORBIDDEN}. */
    static UserId user(RouteRequest request) throws MatrixException {
        UserId user = request.userId("userId");
        if (!request.requester().userId().equals(user)) {
            throw MatrixException.forbidden("Cannot change the profile of another user");
        }
        return user;
    }
}
