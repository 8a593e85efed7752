package org.hearth.federation.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;

/**
 * A request on the federation listener, as an endpoint sees it.
 *
 * @param target the request target as sent (path and query, still percent-encoded), which the
 *               {@code X-Matrix} signature covers
 * @param origin the verified calling server; null on an unsigned endpoint
 */
public record Inbound(String method, String target, Map<String, String> pathParams,
                      Map<String, List<String>> query, byte[] body, ServerName origin) {

    public String param(String name) {
        return pathParams.get(name);
    }

    public RoomId roomId(String name) throws MatrixException {
        String text = param(name);
        return RoomId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid room ID " + text));
    }

    public EventId eventId(String name) throws MatrixException {
        String text = param(name);
        return EventId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid event ID " + text));
    }

    public UserId userId(String name) throws MatrixException {
        String text = param(name);
        return UserId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + text));
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The body as JSON, with the limits every Matrix body keeps. */
    public JsonNode json() throws MatrixException {
        return ClientJson.parse(body);
    }

    /** The body as a JSON object. */
    public JsonNode jsonObject() throws MatrixException {
        JsonNode json = json();
        if (!json.isObject()) {
            throw MatrixException.badJson("The request body must be a JSON object");
        }
        return json;
    }
}
