package org.hearth.core.internal.client;

import java.util.List;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_matrix/client/versions (Client-Server API, "API Standards"): the spec versions this
 * server speaks. No authentication.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/versions", access = Access.NONE)
public class VersionsRoute implements Route {

    /**
     * The Client-Server API versions advertised (changelog in the spec's {@code changelog/}).
     *
     * <p>Rule: a version is listed when what it added or changed in the parts Hearth serves
     * (accounts, login, devices, rooms, state, membership, sync, messages, directory) is
     * implemented, and every earlier version is listed. Modules that are missing altogether
     * (content repository, presence, receipts, profile, end-to-end encryption, relations) are
     * not counted against a version: no version would qualify, and clients need at least one
     * (matrix-js-sdk refuses servers below v1.1).
     * <ul>
     * <li>v1.1: knocking, {@code reason} on membership changes.
     * <li>v1.2: registration tokens ({@code /v1/register/m.login.registration_token/validity}),
     *     {@code is_guest} in {@code /whoami}, restricted join rules (room versions 8, 9).
     * <li>v1.3: refresh tokens, {@code /messages} without {@code from}, room version 10.
     * </ul>
     * Not yet: v1.4 (threads, {@code /relations}, edits and private and threaded receipts are
     * served) also adds the {@code room_types} filter of {@code /publicRooms}, still missing; add
     * v1.4 and later here as they land.
     */
    static final List<String> VERSIONS = List.of("v1.1", "v1.2", "v1.3");

    /**
     * Features clients still look for by their unstable names: cross-signing (matrix-js-sdk and
     * Element asked for it before it was in the spec); simplified sliding sync (MSC4186), without
     * which Element X does not log in.
     */
    static final Map<String, Boolean> UNSTABLE_FEATURES = Map.of("org.matrix.e2e_cross_signing", true,
            "org.matrix.simplified_msc3575", true);

    private static final Map<String, Object> BODY = Map.of("versions", VERSIONS, "unstable_features", UNSTABLE_FEATURES);

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(BODY);
    }
}
