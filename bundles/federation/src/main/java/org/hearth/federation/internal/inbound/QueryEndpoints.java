package org.hearth.federation.internal.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.UserId;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;
import org.hearth.federation.internal.json.Json;

/**
 * Queries of another server (Server-Server API, "Querying for information", "Device
 * Management", "End-to-End Encryption", "Public Room Directory", "OpenID"), handed to core.
 */
public final class QueryEndpoints {
    private static final String P = "/_matrix/federation/v1/";

    private final HostAccess host;

    public QueryEndpoints(HostAccess host) {
        this.host = host;
    }

    public List<Mount> mounts() {
        return List.of(
                Mount.signed("GET", P + "query/profile", this::profile),
                Mount.signed("GET", P + "query/directory", r -> {
                    String text = r.queryParam("room_alias").orElseThrow(() -> MatrixException.missingParam("room_alias is required"));
                    RoomAlias alias = RoomAlias.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid room alias " + text));
                    return host.require().directory(alias);
                }),
                Mount.signed("GET", P + "user/devices/{userId}", r -> host.require().userDevices(r.userId("userId"))),
                Mount.signed("POST", P + "user/keys/query", r -> host.require().queryKeys(r.origin(), r.jsonObject())),
                Mount.signed("POST", P + "user/keys/claim", r -> host.require().claimKeys(r.origin(), r.jsonObject())),
                Mount.signed("GET", P + "publicRooms", this::publicRoomsGet),
                Mount.signed("POST", P + "publicRooms", r -> host.require().publicRooms(r.origin(), r.jsonObject())),
                // authenticated by the OpenID token, not by a server signature
                Mount.open("GET", P + "openid/userinfo", r -> host.require().openIdUserInfo(r.queryParam("access_token")
                        .orElseThrow(() -> new MatrixException(401, "M_UNKNOWN_TOKEN", "access_token is required")))));
    }

    /** {@code GET /query/profile?user_id=&field=}: {@code field} is {@code displayname} or {@code avatar_url}. */
    private JsonNode profile(Inbound r) throws MatrixException {
        String text = r.queryParam("user_id").orElseThrow(() -> MatrixException.missingParam("user_id is required"));
        UserId user = UserId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + text));
        String field = r.queryParam("field").orElse(null);
        if (field != null && !field.equals("displayname") && !field.equals("avatar_url")) {
            throw MatrixException.invalidParam("field must be displayname or avatar_url");
        }
        return host.require().profile(user, field);
    }

    /** {@code GET /publicRooms?limit=&since=&include_all_networks=&third_party_instance_id=} as the POST body's form. */
    private JsonNode publicRoomsGet(Inbound r) throws MatrixException {
        ObjectNode request = Json.object();
        if (r.queryParam("limit").isPresent()) {
            request.put("limit", Params.intParam(r, "limit", 0, 0, 500));
        }
        r.queryParam("since").ifPresent(s -> request.put("since", s));
        r.queryParam("include_all_networks").ifPresent(s -> request.put("include_all_networks", "true".equals(s)));
        r.queryParam("third_party_instance_id").ifPresent(s -> request.put("third_party_instance_id", s));
        return host.require().publicRooms(r.origin(), request);
    }
}
