package org.hearth.core.internal.client.admin;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.server.LocalServer;

/**
 * The account a server administration endpoint acts on (spec "Server administration", v1.18).
 * The front door, or the endpoint, has checked that the requester may ask before this looks
 * anything up, so the answers cannot be used to find out which users exist.
 */
final class AdminTarget {
    private AdminTarget() {
    }

    /**
     * The path's {@code userId}, for an admin to act on: as {@link #local}, and 404
     * {@code M_NOT_FOUND} for a deactivated account, 403 {@code M_FORBIDDEN} for another admin's.
     */
    static UserAccount of(RouteRequest request, UserAdmin admin, LocalServer server) throws MatrixException {
        UserAccount account = local(request, admin, server);
        if (account.deactivated()) {
            throw MatrixException.notFound("User not found");
        }
        if (account.admin() && !account.userId().equals(request.requester().userId())) {
            throw MatrixException.forbidden("The target user is another administrator");
        }
        return account;
    }

    /**
     * The path's {@code userId}, deactivated or not: 400 {@code M_INVALID_PARAM} for another
     * server's user, 404 {@code M_NOT_FOUND} for an unknown one.
     */
    static UserAccount local(RouteRequest request, UserAdmin admin, LocalServer server) throws MatrixException {
        UserId target = request.userId("userId");
        if (!server.isLocal(target)) {
            throw MatrixException.invalidParam("User does not belong to the local server");
        }
        return admin.account(target).orElseThrow(() -> MatrixException.notFound("User not found"));
    }
}
