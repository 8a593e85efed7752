package org.hearth.core.internal.client.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/pushrules/: the user's push rules. Until users can change them and
 * pushers exist, these are the spec's predefined rules ("Predefined Rules", copied from the
 * specification into predefined-rules.json), with the user's own ID filled in; clients such as
 * matrix-js-sdk read them before their first sync completes.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/pushrules/")
public class PushRulesRoute implements Route {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String template;

    @Activate
    public PushRulesRoute() {
        try (InputStream in = PushRulesRoute.class.getResourceAsStream("predefined-rules.json")) {
            JsonNode rules = JSON.readTree(in);
            template = JSON.writeValueAsString(rules.get("global"));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle's predefined push rules are unreadable", e);
        }
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        try {
            JsonNode global = JSON.readTree(template.replace("[the user's Matrix ID]", me.userId().toString()));
            return RouteResponse.ok(java.util.Map.of("global", global));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
