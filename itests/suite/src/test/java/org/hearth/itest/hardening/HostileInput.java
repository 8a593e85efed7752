package org.hearth.itest.hardening;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a hostile client puts in a request, drawn from a seeded {@link Random}: path segments,
 * query parameters and JSON bodies with wrong types, huge and deep values, numbers Canonical JSON
 * cannot carry, lone surrogates, NUL, over-long identifiers and path traversal. JSON is written
 * as text, so that it can hold what a JSON library would refuse to write ({@code "\ud800"},
 * {@code 1e999999}).
 */
final class HostileInput {
    /** Field names of the Client-Server API, for objects a route may take for its own. */
    private static final List<String> FIELDS = List.of("type", "content", "state_key", "room_id", "user_id",
            "event_id", "reason", "body", "msgtype", "membership", "displayname", "avatar_url", "name", "topic", "alias",
            "alt_aliases", "visibility", "preset", "invite", "initial_state", "power_level_content_override",
            "creation_content", "room_version", "room_alias_name", "is_direct", "new_version", "timeout", "typing",
            "identifier", "password", "new_password", "user", "device_id", "initial_device_display_name", "display_name",
            "refresh_token", "username", "auth", "session", "token", "inhibit_login", "logout_devices", "devices",
            "filter", "limit", "since", "server", "include_all_networks", "third_party_instance_id",
            "generic_search_term", "nonce", "mac", "admin", "users", "users_default", "events", "events_default",
            "state_default", "ban", "kick", "redact", "notifications", "join_rule", "history_visibility",
            "guest_access", "m.relates_to", "rel_type", "room", "timeline", "rooms", "not_rooms", "types",
            "senders", "lazy_load_members", "event_format", "event_fields", "account_data", "presence");

    /** Path segments, already percent-encoded as they go on the wire. */
    private static final List<String> SEGMENTS = List.of("a".repeat(256), "a".repeat(3000), "%00", "a%00b", "..",
            "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%2F", "%FF", "%FE%FF", "%ED%A0%80", "%C0%AF", "%F0%9F%98%80",
            "%C3%A9".repeat(200), "!", "@", "%23", "$", "@:", "!:", "$:", "%23:", "%20", "+", "null", "-1",
            "99999999999999999999999", "%7B%7D", "%5B%5D", "!x:localhost", "@x:localhost", "$x", "%23x:localhost",
            "@" + "u".repeat(300) + ":localhost", "!" + "r".repeat(300) + ":localhost", "$" + "e".repeat(300),
            "%23" + "a".repeat(300) + ":localhost", "m.room.create", "m.room.power_levels", "m.room.member");

    private static final List<String> QUERY_NAMES = List.of("limit", "from", "to", "dir", "filter", "since", "timeout",
            "full_state", "set_presence", "membership", "not_membership", "at", "ts", "server", "kind", "username",
            "token", "via", "server_name", "access_token", "include_all_networks");

    private final Random random;
    private final Map<String, List<String>> known;

    /**
     * @param known good values by placeholder name ({@code roomId} → the fixture rooms), so that
     *              requests reach past the first check
     */
    HostileInput(long seed, Map<String, List<String>> known) {
        this.random = new Random(seed);
        this.known = known;
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A value for the placeholder: a known good one, or a hostile one. */
    String segment(String placeholder) {
        List<String> good = known.get(placeholder);
        if (good != null && chance(60)) {
            return encode(pick(good));
        }
        return pick(SEGMENTS);
    }

    /** A query string of hostile and plausible parameters, starting with '?', or empty. */
    String query() {
        if (chance(30)) {
            return "";
        }
        StringBuilder out = new StringBuilder("?");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(pick(QUERY_NAMES)).append('=').append(queryValue());
        }
        return out.toString();
    }

    private String queryValue() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(List.of("10", "-1", "0", "2147483648", "1e999", "abc", "b", "f", "s1", "s0_t0",
                    "s99999999999999999999", "p5", "true", "join", "leave", "1.5"));
            case 1 -> encode(pick(List.of("{}", "{\"room\":{\"timeline\":{\"limit\":-5}}}", "{\"room\":{\"rooms\":[1,2]}}",
                    "{\"room\":{\"timeline\":{\"limit\":1.5}}}", "{\"lazy_load_members\":\"yes\"}", "[]", "null", "{")));
            case 2 -> encode(json(0));
            case 3 -> pick(List.of("%00", "%FF", "%ED%A0%80", "a%00b", "%C3%28"));
            case 4 -> encode("{\"a\":".repeat(150) + "1" + "}".repeat(150));
            default -> encode(pick(List.of("x".repeat(5000), "@x:localhost", "#x:localhost")));
        };
    }

    /** A request body: not JSON at all, a plausible body with fields made hostile, or hostile JSON. */
    String body(String plausible) {
        int kind = random.nextInt(100);
        if (kind < 10) {
            return pick(List.of("", "{", "null", "[]", "\"text\"", "1", "true", "{\"a\":1}{", "\u00ff\u00fe",
                    "{\"a\":1,}", "x".repeat(10_000)));
        }
        if (kind < 60) {
            return mutated(plausible);
        }
        if (kind < 90) {
            return object(0);
        }
        return pick(List.of(nested(100), nested(101), nested(998), nested(3000),
                "[" + "0,".repeat(300_000) + "0]", "{\"body\":\"" + "a".repeat(70_000) + "\"}"));
    }

    /** The plausible body with one to three of its fields, or new ones, set to hostile values. */
    private String mutated(String plausible) {
        StringBuilder out = new StringBuilder(plausible.substring(0, plausible.length() - 1));
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            if (out.length() > 1) {
                out.append(',');
            }
            // a key written twice: JSON keeps the last, so this overrides the plausible one
            String key = chance(70) ? existingKey(plausible) : pick(FIELDS);
            out.append(quote(key)).append(':').append(json(0));
        }
        return out.append('}').toString();
    }

    private String existingKey(String plausible) {
        List<String> keys = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\":").matcher(plausible);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys.isEmpty() ? pick(FIELDS) : pick(keys);
    }

    private String object(int depth) {
        StringBuilder out = new StringBuilder("{");
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(chance(90) ? pick(FIELDS) : pick(List.of("", "\\u0000", "\\ud800", "a".repeat(300)))))
                    .append(':').append(json(depth + 1));
        }
        return out.append('}').toString();
    }

    /** A JSON value, as text. */
    String json(int depth) {
        int kind = random.nextInt(depth > 3 ? 8 : 11);
        return switch (kind) {
            case 0, 1 -> pick(List.of("null", "true", "false", "0", "-1", "100", "9007199254740991",
                    "9007199254740992", "-9007199254740992", "1.5", "1e999999", "-0", "1e3", "2.0",
                    "123456789012345678901234567890", "-1e-999999"));
            case 2, 3 -> pick(List.of("\"\"", "\"x\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"",
                    "\"\\ud83d\\ude00\"", "\"public\"", "\"private\"", "\"invite\"", "\"join\"", "\"leave\"", "\"ban\"",
                    "\"m.login.password\"", "\"m.login.dummy\"", "\"m.id.user\"", "\"m.text\"", "\"10\"",
                    "\"../../etc/passwd\""));
            case 4 -> quote(pick(List.of("a".repeat(256), "a".repeat(70_000), "@" + "u".repeat(300) + ":localhost",
                    "!" + "r".repeat(300) + ":localhost", "#" + "a".repeat(300) + ":localhost")));
            case 5, 6 -> {
                List<String> good = pick(List.copyOf(known.values()));
                yield quote(pick(good));
            }
            case 7 -> {
                int levels = 98 + random.nextInt(4); // around the limit of 100
                yield "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
            }
            case 8 -> "[" + json(depth + 1) + "," + json(depth + 1) + "]";
            default -> object(depth);
        };
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
