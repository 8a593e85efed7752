package org.hearth.core.internal.client.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.ClientJson;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.TextLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Room tags (Client-Server API, "Room Tagging"): kept as the room account data {@code m.tag},
 * {@code {"tags": {tag: {"order": n}}}}, so that {@code /sync} delivers them with the room's
 * account data. A user reads and changes only their own tags.
 */
@Component(service = Tags.class)
public class Tags {
    static final String TYPE = "m.tag";
    /** Tags per room: a bound on the stored object. */
    private static final int MAX_TAGS = 100;
    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(ClientJson.MAX_DEPTH).maxTokenCount(ClientJson.MAX_TOKENS).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final UserDataStore userData;
    private final Notifier notifier;

    @Activate
    public Tags(@Reference UserDataStore userData, @Reference Notifier notifier) {
        this.userData = userData;
        this.notifier = notifier;
    }

    /** The {@code tags} object of the room: empty when none. */
    ObjectNode tags(RouteRequest request) throws MatrixException {
        return current(owner(request), request.roomId("roomId").value());
    }

    /** Adds or replaces a tag; its content may carry {@code order}, a number. */
    void put(RouteRequest request) throws MatrixException {
        UserId user = owner(request);
        String roomId = request.roomId("roomId").value();
        String tag = TextLimits.identifier(request.pathParam("tag"), "The tag");
        ObjectNode content = content(request.body());
        synchronized (this) { // read-modify-write of one stored object
            ObjectNode tags = current(user, roomId);
            if (!tags.has(tag) && tags.size() >= MAX_TAGS) {
                throw new MatrixException(400, "M_LIMIT_EXCEEDED", "A room has at most " + MAX_TAGS + " tags");
            }
            tags.set(tag, content);
            store(user, roomId, tags);
        }
    }

    void delete(RouteRequest request) throws MatrixException {
        UserId user = owner(request);
        String roomId = request.roomId("roomId").value();
        String tag = request.pathParam("tag");
        synchronized (this) {
            ObjectNode tags = current(user, roomId);
            if (tags.remove(tag) != null) {
                store(user, roomId, tags);
            }
        }
    }

    /**
     * The body of a tag: {@code order} is a float in [0, 1] in the spec and in every client, which
     * the general body rule ({@link ClientJson}, integers only, for Canonical JSON) refuses. Account
     * data is never signed, so the tag body alone is read with floats allowed in {@code order}, and
     * everything else under the general rule.
     */
    static ObjectNode content(byte[] body) throws MatrixException {
        JsonNode parsed;
        try {
            parsed = body.length == 0 ? null : LENIENT.readTree(body);
        } catch (StreamConstraintsException e) {
            throw MatrixException.badJson("The request body is too deep or too large");
        } catch (IOException e) {
            throw MatrixException.notJson("The request body is not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw MatrixException.badJson("The request body must be a JSON object");
        }
        ObjectNode content = (ObjectNode) parsed;
        JsonNode order = content.remove("order");
        ClientJson.check(content, "The tag");
        if (order != null) {
            if (!order.isNumber() || !Double.isFinite(order.doubleValue())) {
                throw MatrixException.badJson("order must be a number");
            }
            content.put("order", order.doubleValue());
        }
        return content;
    }

    private ObjectNode current(UserId user, String roomId) {
        return userData.accountData(user, roomId, TYPE).map(Json::stored)
                .map(c -> c.path("tags")).filter(JsonNode::isObject).map(t -> ((ObjectNode) t).deepCopy())
                .orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private void store(UserId user, String roomId, ObjectNode tags) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.set("tags", tags);
        userData.putAccountData(user, roomId, TYPE, Json.write(content));
        notifier.userChanged(user.toString());
    }

    private static UserId owner(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.userId().equals(request.userId("userId"))) {
            throw MatrixException.forbidden("Cannot access other users' tags");
        }
        return me.userId();
    }
}
