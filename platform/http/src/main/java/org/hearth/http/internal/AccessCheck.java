package org.hearth.http.internal;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.auth.Requester;
import org.hearth.api.auth.ServerAuth;
import org.hearth.api.http.Access;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The front door's check of {@link org.hearth.api.http.MatrixRoute#access}: who is calling, before
 * any route code runs. Core provides {@link RequestAuth} (access tokens); the federation bundle,
 * when present, {@link ServerAuth} (X-Matrix signatures).
 */
@Component(service = AccessCheck.class)
public class AccessCheck {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RequestAuth users;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerAuth servers;

    /** Who is calling, as the route's access asks. */
    record Caller(Requester requester, ServerName origin) {
        static final Caller NOBODY = new Caller(null, null);
    }

    Caller check(Access access, RouteRequest request) throws MatrixException {
        return switch (access) {
            case NONE -> Caller.NOBODY;
            case OPTIONAL -> request.accessToken().isPresent() ? new Caller(user(request), null) : Caller.NOBODY;
            case GUEST -> new Caller(user(request), null);
            case USER -> {
                Requester r = user(request);
                if (r.guest()) {
                    throw new MatrixException(403, "M_GUEST_ACCESS_FORBIDDEN", "Guests may not do this");
                }
                yield new Caller(r, null);
            }
            case ADMIN -> {
                Requester r = user(request);
                if (!r.admin()) {
                    throw MatrixException.forbidden("You are not a server admin");
                }
                yield new Caller(r, null);
            }
            case APPSERVICE -> {
                Requester r = user(request);
                if (r.appServiceId() == null) {
                    throw MatrixException.forbidden("Only application services may call this");
                }
                yield new Caller(r, null);
            }
            case SERVER -> {
                ServerAuth auth = servers;
                if (auth == null) {
                    throw MatrixException.unrecognized(404, "Federation is not enabled on this server");
                }
                yield new Caller(null, auth.verify(request));
            }
        };
    }

    private Requester user(RouteRequest request) throws MatrixException {
        RequestAuth auth = users;
        if (auth == null) {
            throw new MatrixException(503, "M_UNKNOWN", "The server is starting; try again shortly");
        }
        return auth.require(request);
    }
}
