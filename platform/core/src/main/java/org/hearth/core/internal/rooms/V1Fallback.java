package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;

/**
 * The v2 form of {@code send_join}, {@code send_leave} and {@code invite}, with the deprecated v1
 * form for a server that does not have v2 (Server-Server API: "Servers should fall back to v1 if
 * the v2 endpoint is not recognised", a 404 or 400 {@code M_UNRECOGNIZED}). A v1 answer is the
 * body wrapped as {@code [200, body]}; the body is returned either way.
 */
final class V1Fallback {
    private V1Fallback() {
    }

    /**
     * {@code PUT /_matrix/federation/v2/{rest}} with {@code v2Body}; when the server does not know it,
     * {@code PUT /_matrix/federation/v1/{rest}} with {@code v1Body}.
     */
    static JsonNode put(RemoteServers remote, ServerName server, String rest, JsonNode v2Body, JsonNode v1Body)
            throws RemoteException {
        return put(remote, server, rest, Map.of(), v2Body, v1Body);
    }

    /** {@link #put} with query parameters for the v2 form ({@code omit_members} of {@code send_join}). */
    static JsonNode put(RemoteServers remote, ServerName server, String rest, Map<String, List<String>> v2Query,
                        JsonNode v2Body, JsonNode v1Body) throws RemoteException {
        try {
            return remote.request(server, "PUT", "/_matrix/federation/v2/" + rest, v2Query, v2Body);
        } catch (RemoteException e) {
            if (!unrecognised(e)) {
                throw e;
            }
        }
        JsonNode answer = remote.request(server, "PUT", "/_matrix/federation/v1/" + rest, Map.of(), v1Body);
        if (answer.isArray() && answer.size() == 2 && answer.get(1).isObject()) {
            return answer.get(1);
        }
        throw new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null,
                server + " answered v1 " + rest.substring(0, rest.indexOf('/')) + " without the [200, {...}] form");
    }

    private static boolean unrecognised(RemoteException e) {
        return e.kind() == RemoteException.Kind.ERROR_RESPONSE
                && (e.status() == 404 || e.status() == 405
                || e.status() == 400 && e.errcode().filter("M_UNRECOGNIZED"::equals).isPresent());
    }
}
