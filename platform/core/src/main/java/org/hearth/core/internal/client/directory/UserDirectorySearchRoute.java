package org.hearth.core.internal.client.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.UserDirectoryStore;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.TextLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/user_directory/search: users whose user ID or display name contains
 * {@code search_term}, among those sharing a room with the requester and those in public rooms
 * (as Synapse does without {@code search_all_users}); the profiles as they are now.
 *
 * <ul>
 *   <li>{@code limit}: default 10, at most {@value #MAX_LIMIT}; {@code limited} says more matched.</li>
 *   <li>Only local users: users of other servers need federation.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/user_directory/search")
public class UserDirectorySearchRoute implements Route {
    static final int MAX_LIMIT = 100;
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_TERM_BYTES = 1_000;
    private final UserDirectoryStore directory;

    @Activate
    public UserDirectorySearchRoute(@Reference UserDirectoryStore directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.object(request);
        String term = TextLimits.text(Bodies.requiredString(body, "search_term"), "search_term", MAX_TERM_BYTES).strip();
        JsonNode limitNode = body.path("limit");
        if (!limitNode.isMissingNode() && !limitNode.isIntegralNumber()) {
            throw MatrixException.badJson("limit must be an integer");
        }
        int limit = (int) Math.max(0, Math.min(MAX_LIMIT, limitNode.asLong(DEFAULT_LIMIT)));
        List<UserDirectoryStore.Entry> found = directory.search(request.requester().userId(), term, limit + 1);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("limited", found.size() > limit);
        ArrayNode results = out.putArray("results");
        for (UserDirectoryStore.Entry entry : found.subList(0, Math.min(limit, found.size()))) {
            ObjectNode user = results.addObject().put("user_id", entry.userId().toString());
            if (entry.displayName() != null) {
                user.put("display_name", entry.displayName());
            }
            if (entry.avatarUrlJson() != null) {
                user.set("avatar_url", Json.stored(entry.avatarUrlJson()));
            }
        }
        return RouteResponse.ok(out);
    }
}
