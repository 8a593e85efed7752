package org.hearth.core.internal.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Profiles of users of other servers, asked of their server (Server-Server API, "Query Types":
 * {@code GET /_matrix/federation/v1/query/profile}). Nothing is cached: a client asks rarely, and
 * the member events of shared rooms already carry what rooms show.
 */
@Component(service = RemoteProfiles.class)
public class RemoteProfiles {
    /** A remote profile larger than a local one may be is not passed on. */
    private static final int MAX_PROFILE_BYTES = 64 * 1024;

    private final FederationLink link;

    @Activate
    public RemoteProfiles(@Reference FederationLink link) {
        this.link = link;
    }

    /**
     * {@code user}'s profile from its server: the whole profile when {@code field} is null, else
     * only that field. Its server's 404 is the client's 404; an unreachable server is 502.
     */
    public ObjectNode query(UserId user, String field) throws MatrixException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("user_id", List.of(user.toString()));
        if (field != null) {
            query.put("field", List.of(field));
        }
        JsonNode answer;
        try {
            answer = link.requireRemote().request(user.server(), "GET", "/_matrix/federation/v1/query/profile", query, null);
        } catch (RemoteException e) {
            throw e.toClientError();
        }
        if (!answer.isObject() || Json.write(answer).getBytes(StandardCharsets.UTF_8).length > MAX_PROFILE_BYTES) {
            throw new MatrixException(502, "M_UNKNOWN", user.server() + " answered no usable profile for " + user);
        }
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        answer.fields().forEachRemaining(entry -> {
            if (field == null || field.equals(entry.getKey())) {
                profile.set(entry.getKey(), entry.getValue());
            }
        });
        return profile;
    }
}
