package org.hearth.core.internal.client.admin;

import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v1/admin/suspend/{userId}, see {@link ModerationChangeRoute}. */
@Component(service = Route.class)
@MatrixRoute(method = "PUT", path = "/_matrix/client/v1/admin/suspend/{userId}", access = Access.ADMIN)
public class PutAccountSuspensionRoute extends ModerationChangeRoute {
    @Activate
    public PutAccountSuspensionRoute(@Reference UserAdmin admin, @Reference LocalServer server) {
        super(AccountModeration.SUSPEND, admin, server);
    }
}
