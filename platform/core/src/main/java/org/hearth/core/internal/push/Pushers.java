package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.TextLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A user's pushers (Client-Server API, "Push Notifications", {@code /pushers}).
 *
 * <ul>
 *   <li>{@code kind: null} deletes the pusher of that {@code app_id} and {@code pushkey}.</li>
 *   <li>Only {@code http} pushers are delivered; their {@code data.url} must be an http(s) URL
 *       whose path is {@code /_matrix/push/v1/notify} (Push Gateway API).</li>
 *   <li>Without {@code append}, other users' pushers of the same {@code app_id} and
 *       {@code pushkey} are removed.</li>
 *   <li>Bounded: {@code app_id} 64 characters, {@code pushkey} 512 bytes, other strings 255
 *       bytes, {@code data} 4 KB, {@value #MAX_PUSHERS} pushers a user.</li>
 * </ul>
 */
@Component(service = Pushers.class)
public class Pushers {
    static final int MAX_PUSHERS = 100;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String NOTIFY_PATH = "/_matrix/push/v1/notify";

    private final PushStore store;
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public Pushers(@Reference PushStore store) {
        this.store = store;
    }

    /** {@code {"pushers": [...]}} as {@code GET /pushers} answers. */
    public ObjectNode list(UserId user) {
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("pushers");
        for (PushStore.Pusher p : store.pushers(user)) {
            ObjectNode json = list.addObject();
            json.put("app_id", p.appId());
            json.put("pushkey", p.pushkey());
            json.put("kind", p.kind());
            json.put("app_display_name", p.appDisplayName());
            json.put("device_display_name", p.deviceDisplayName());
            if (p.profileTag() != null) {
                json.put("profile_tag", p.profileTag());
            }
            json.put("lang", p.lang());
            json.set("data", Json.stored(p.dataJson()));
        }
        return out;
    }

    /** {@code POST /pushers/set}. */
    public void set(UserId user, DeviceId device, JsonNode body) throws MatrixException {
        String appId = Bodies.requiredString(body, "app_id");
        String pushkey = Bodies.requiredString(body, "pushkey");
        if (appId.length() > 64 || appId.isEmpty()) {
            throw MatrixException.invalidParam("app_id must be 1 to 64 characters");
        }
        TextLimits.text(pushkey, "pushkey", 512);
        JsonNode kind = body.get("kind");
        if (kind == null) {
            throw MatrixException.missingParam("kind is required");
        }
        if (kind.isNull()) {
            store.deletePusher(user, appId, pushkey);
            return;
        }
        if (!"http".equals(kind.asText()) || !kind.isTextual()) {
            throw MatrixException.invalidParam("Only http pushers are supported");
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            throw MatrixException.missingParam("data is required");
        }
        String dataJson = Json.write(data);
        if (dataJson.length() > 4096) {
            throw MatrixException.tooLarge("data is larger than 4 KB");
        }
        checkUrl(data.get("url"));
        String profileTag = Bodies.string(body, "profile_tag");
        PushStore.Pusher pusher = new PushStore.Pusher(user.toString(), appId, pushkey, "http",
                TextLimits.identifier(Bodies.requiredString(body, "app_display_name"), "app_display_name"),
                TextLimits.identifier(Bodies.requiredString(body, "device_display_name"), "device_display_name"),
                profileTag == null ? null : TextLimits.identifier(profileTag, "profile_tag"),
                TextLimits.identifier(Bodies.requiredString(body, "lang"), "lang"), dataJson, clock.millis(), device.value());
        boolean exists = store.pushers(user).stream()
                .anyMatch(p -> p.appId().equals(appId) && p.pushkey().equals(pushkey));
        if (!exists && store.pushers(user).size() >= MAX_PUSHERS) {
            throw new MatrixException(400, "M_LIMIT_EXCEEDED", "At most " + MAX_PUSHERS + " pushers");
        }
        store.putPusher(pusher, Bodies.bool(body, "append", false));
    }

    private static void checkUrl(JsonNode url) throws MatrixException {
        if (url == null || !url.isTextual()) {
            throw MatrixException.missingParam("data.url is required for http pushers");
        }
        try {
            URI uri = new URI(url.asText());
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null || !NOTIFY_PATH.equals(uri.getPath())) {
                throw MatrixException.invalidParam("data.url must be an http(s) URL with the path " + NOTIFY_PATH);
            }
        } catch (URISyntaxException e) {
            throw MatrixException.invalidParam("data.url is not a URL");
        }
    }
}
