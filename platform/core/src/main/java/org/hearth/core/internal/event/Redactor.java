package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The redaction algorithm (Client-Server API, "Redactions"), whose rules each room version
 * defines: which top-level keys an event keeps, and which {@code content} keys each event type
 * keeps. Every other key is stripped, {@code unsigned} included.
 *
 * <p>The constants are named after the spec fragment that defines them, and derive from each
 * other as the room versions' "added-in" notes describe the changes.
 */
public final class Redactor {
    /** Room versions 1 to 5 ("v1-redactions"). */
    public static final Redactor V1 = new Redactor("v1",
            Set.of("event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures",
                    "depth", "prev_events", "prev_state", "auth_events", "origin", "origin_server_ts",
                    "membership"),
            Map.of("m.room.member", Set.of("membership"),
                    "m.room.create", Set.of("creator"),
                    "m.room.join_rules", Set.of("join_rule"),
                    "m.room.power_levels", Set.of("ban", "events", "events_default", "kick", "redact",
                            "state_default", "users", "users_default"),
                    "m.room.aliases", Set.of("aliases"),
                    "m.room.history_visibility", Set.of("history_visibility")),
            Set.of());

    /** Room versions 6 and 7 ("v6-redactions"): {@code m.room.aliases} loses its protection. */
    public static final Redactor V6 = V1.named("v6").forgetting("m.room.aliases");

    /** Room version 8: join rules keep {@code allow} (restricted rooms). */
    public static final Redactor V8 = V6.named("v8").keeping("m.room.join_rules", "allow");

    /** Room versions 9 and 10 ("v9-redactions"): member events keep {@code join_authorised_via_users_server}. */
    public static final Redactor V9 = V8.named("v9").keeping("m.room.member", "join_authorised_via_users_server");

    /**
     * Room versions 11 and 12 ("v11-redactions"): {@code origin}, {@code membership} and
     * {@code prev_state} are no longer kept; the create event keeps its whole content; the
     * member event keeps {@code third_party_invite.signed}; power levels keep {@code invite};
     * the redaction event keeps {@code redacts}, now in its content.
     */
    public static final Redactor V11 = V9.named("v11")
            .droppingTopLevel("origin", "membership", "prev_state")
            .keepingAllContent("m.room.create")
            .keeping("m.room.member", "third_party_invite.signed")
            .keeping("m.room.power_levels", "invite")
            .keeping("m.room.redaction", "redacts");

    private final String id;
    private final Set<String> topLevel;
    /** Per event type, the content keys kept; {@code a.b} keeps key {@code b} of object {@code a}. */
    private final Map<String, Set<String>> contentPaths;
    private final Set<String> wholeContent;

    private Redactor(String id, Set<String> topLevel, Map<String, Set<String>> contentPaths,
            Set<String> wholeContent) {
        this.id = id;
        this.topLevel = Set.copyOf(topLevel);
        this.contentPaths = Map.copyOf(contentPaths);
        this.wholeContent = Set.copyOf(wholeContent);
    }

    /** The name of the rules, after the spec fragment that defines them ({@code v1}, {@code v6}, …). */
    public String id() {
        return id;
    }

    /** A redacted copy of the event; the original is left as it is. */
    public ObjectNode redact(ObjectNode event) {
        ObjectNode redacted = event.objectNode();
        String type = event.path("type").asText();
        event.properties().forEach(member -> {
            String key = member.getKey();
            if (key.equals("content")) {
                redacted.set(key, redactContent(type, member.getValue()));
            } else if (topLevel.contains(key)) {
                redacted.set(key, member.getValue().deepCopy());
            }
        });
        return redacted;
    }

    private JsonNode redactContent(String type, JsonNode content) {
        if (wholeContent.contains(type) && content.isObject()) {
            return content.deepCopy();
        }
        return keep(content, contentPaths.getOrDefault(type, Set.of()));
    }

    private static ObjectNode keep(JsonNode source, Set<String> paths) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (String path : paths) {
            int dot = path.indexOf('.');
            String key = dot < 0 ? path : path.substring(0, dot);
            JsonNode value = source.get(key);
            if (value == null) {
                continue;
            }
            if (dot < 0) {
                kept.set(key, value.deepCopy());
            } else if (value.isObject()) {
                // v11: third_party_invite stays, holding only its signed key (or nothing).
                kept.set(key, keep(value, Set.of(path.substring(dot + 1))));
            }
        }
        return kept;
    }

    private Redactor named(String newId) {
        return new Redactor(newId, topLevel, contentPaths, wholeContent);
    }

    private Redactor forgetting(String type) {
        Map<String, Set<String>> paths = new HashMap<>(contentPaths);
        paths.remove(type);
        return new Redactor(id, topLevel, paths, wholeContent);
    }

    private Redactor keeping(String type, String path) {
        Map<String, Set<String>> paths = new HashMap<>(contentPaths);
        Set<String> ofType = new HashSet<>(paths.getOrDefault(type, Set.of()));
        ofType.add(path);
        paths.put(type, Set.copyOf(ofType));
        return new Redactor(id, topLevel, paths, wholeContent);
    }

    private Redactor keepingAllContent(String type) {
        Set<String> types = new HashSet<>(wholeContent);
        types.add(type);
        return new Redactor(id, topLevel, contentPaths, types);
    }

    private Redactor droppingTopLevel(String... keys) {
        Set<String> kept = new HashSet<>(topLevel);
        Set.of(keys).forEach(kept::remove);
        return new Redactor(id, kept, contentPaths, wholeContent);
    }

    @Override
    public String toString() {
        return "redaction rules " + id;
    }
}
