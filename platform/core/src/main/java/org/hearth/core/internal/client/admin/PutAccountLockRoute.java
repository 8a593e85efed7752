package org.hearth.core.internal.client.admin;

import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v1/admin/lock/{userId}, see {@link ModerationChangeRoute}. */
@Component(service = Route.class)
@MatrixRoute(method = "PUT", path = "/_matrix/client/v1/admin/lock/{userId}", access = Access.ADMIN)
public class PutAccountLockRoute extends ModerationChangeRoute {
    @Activate
    public PutAccountLockRoute(@Reference UserAdmin admin, @Reference LocalServer server) {
        super(AccountModeration.LOCK, admin, server);
    }
}
