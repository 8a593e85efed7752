package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.hearth.api.MatrixException;

/**
 * Push rule conditions (spec "Conditions"), checked when a rule is stored and compiled once per
 * user into {@link Condition}s. A condition of an unknown kind never matches, which disables its
 * rule, as the spec says.
 */
final class PushConditions {
    /** A compiled condition. */
    @FunctionalInterface
    interface Condition {
        boolean test(PushContext event, String userId);

        /** Whether the answer depends on the member it is tested for, not on the event alone. */
        default boolean readsMember() {
            return false;
        }

        /**
         * False when the event alone rules out every member (a mention list it lacks, a body
         * that is no text), so that the rule need not be tested per member; true when unsure.
         */
        default boolean mayHoldFor(PushContext event) {
            return true;
        }
    }

    private static final Condition NEVER = (e, u) -> false;
    /** Compiled conditions by their JSON, shared by every user whose rules hold them. */
    private static final Map<String, Shared> SHARED = new ConcurrentHashMap<>();
    private static final int MAX_SHARED = 10_000;

    private PushConditions() {
    }

    /** 400 unless {@code conditions} is a bounded list of objects, each with a string {@code kind}. */
    static JsonNode check(JsonNode conditions) throws MatrixException {
        if (conditions == null || !conditions.isArray()) {
            throw MatrixException.badJson("conditions must be a list");
        }
        if (conditions.size() > PushRuleSet.MAX_CONDITIONS) {
            throw MatrixException.invalidParam("At most " + PushRuleSet.MAX_CONDITIONS + " conditions");
        }
        for (JsonNode condition : conditions) {
            if (!condition.isObject() || !condition.path("kind").isTextual()) {
                throw MatrixException.badJson("Each condition must be an object with a kind");
            }
        }
        return conditions;
    }

    /**
     * The condition compiled once for all users: one that reads only the event (every kind but
     * {@code contains_display_name}) and that the rules of several users hold is tested once per
     * event, its answer kept by the {@link PushContext} for the other members. One held by one
     * user's rules only (a rule of their own naming them) is tested directly, as keeping its
     * answer for nobody cost more than the test (a room of 1,000 members kept 2,000 such answers
     * per message, before the predefined ones were compiled by {@link #forUser}).
     */
    private static Condition shared(JsonNode condition) {
        String text = condition.toString();
        Shared known = SHARED.get(text);
        if (known != null) {
            known.many = true;
            return known;
        }
        Condition compiled = compile(condition);
        if (compiled.readsMember()) { // its answer is each member's, never kept per event
            return compiled;
        }
        Shared fresh = new Shared(compiled);
        if (SHARED.size() < MAX_SHARED) {
            known = SHARED.putIfAbsent(text, fresh);
            if (known != null) {
                known.many = true;
                return known;
            }
        }
        return fresh;
    }

    /**
     * The condition compiled for the rules of {@code userId}: one that names the user (the
     * predefined {@code .m.rule.invite_for_me} and {@code .m.rule.is_user_mention}) becomes one
     * that names whichever member it is tested for, so that the rules of members who differ only
     * by their IDs compile to the same conditions (see {@link PushRuleSet#shape}); any other as
     * {@link #shared}.
     */
    static Condition forUser(JsonNode condition, String userId) {
        String key = condition.path("key").asText(null);
        String kind = condition.path("kind").asText();
        if (key != null && !"content.body".equals(key) && "event_match".equals(kind)
                && userId.equals(condition.path("pattern").asText(null)) && !hasWildcard(userId)) {
            PropertyPath path = PropertyPath.parse(key);
            // as the glob of an ID without wildcards matches: the whole value, ignoring case (user IDs are ASCII)
            return new OfMember((e, u) -> {
                JsonNode value = e.at(path);
                return value != null && value.isTextual() && value.asText().equalsIgnoreCase(u);
            }, e -> {
                JsonNode value = e.at(path);
                return value != null && value.isTextual();
            });
        }
        JsonNode value = condition.get("value");
        if (key != null && "event_property_contains".equals(kind) && value != null && value.isTextual()
                && value.asText().equals(userId)) {
            PropertyPath path = PropertyPath.parse(key);
            return new OfMember((e, u) -> holds(e.at(path), TextNode.valueOf(u)), e -> {
                JsonNode list = e.at(path);
                return list != null && list.isArray() && !list.isEmpty();
            });
        }
        return shared(condition);
    }

    /** Whether a glob would read the ID as a pattern (a historical user ID may hold {@code *} or {@code ?}). */
    static boolean hasWildcard(String userId) {
        return userId.indexOf('*') >= 0 || userId.indexOf('?') >= 0;
    }

    /**
     * A condition whose answer depends on the member it is tested for, not on the event alone;
     * {@code possible}: false when it holds for no member of the event.
     */
    private record OfMember(Condition inner, Predicate<PushContext> possible) implements Condition {
        @Override
        public boolean test(PushContext event, String userId) {
            return inner.test(event, userId);
        }

        @Override
        public boolean readsMember() {
            return true;
        }

        @Override
        public boolean mayHoldFor(PushContext event) {
            return possible.test(event);
        }
    }

    private static final Condition DISPLAY_NAME_IN_BODY = new OfMember(PushConditions::containsDisplayName,
            e -> e.event().path("content").path("body").isTextual());

    /**
     * A condition that reads only the event; its answer is kept per event once a second user's
     * rules hold it.
     */
    private static final class Shared implements Condition {
        private final Condition inner;
        /** Set once, never unset; whichever value a thread reads, the answer is the same. */
        private volatile boolean many;

        private Shared(Condition inner) {
            this.inner = inner;
        }

        @Override
        public boolean test(PushContext event, String userId) {
            return many ? event.once(inner) : inner.test(event, userId);
        }
    }

    static Condition compile(JsonNode condition) {
        String key = condition.path("key").asText(null);
        return switch (condition.path("kind").asText()) {
            case "event_match" -> eventMatch(key, condition.path("pattern"));
            case "event_property_is" -> key == null ? NEVER : propertyIs(PropertyPath.parse(key), condition.get("value"));
            case "event_property_contains" ->
                    key == null ? NEVER : propertyContains(PropertyPath.parse(key), condition.get("value"));
            case "contains_display_name" -> DISPLAY_NAME_IN_BODY;
            case "room_member_count" -> memberCount(condition.path("is").asText(""));
            case "sender_notification_permission" -> key == null ? NEVER : (e, u) -> e.senderMayNotify(key);
            default -> NEVER;
        };
    }

    private static Condition eventMatch(String key, JsonNode pattern) {
        if (key == null || !pattern.isTextual()) {
            return NEVER;
        }
        PropertyPath path = PropertyPath.parse(key);
        // content.body matches at word boundaries; every other key the whole value.
        Pattern glob = Glob.compile(pattern.asText(), "content.body".equals(key));
        return (e, u) -> {
            JsonNode value = e.at(path);
            return value != null && value.isTextual() && glob.matcher(value.asText()).find();
        };
    }

    /** A content rule's pattern, matched against {@code content.body} at word boundaries. */
    static Condition bodyMatches(String pattern) {
        return eventMatch("content.body", TextNode.valueOf(pattern));
    }

    /** An exact match of a string, integer, boolean or null (spec "event_property_is"). */
    private static Condition propertyIs(PropertyPath path, JsonNode expected) {
        if (!isScalar(expected)) {
            return NEVER;
        }
        return (e, u) -> {
            JsonNode value = e.at(path);
            return value != null && isScalar(value) && value.equals(expected);
        };
    }

    private static Condition propertyContains(PropertyPath path, JsonNode expected) {
        if (!isScalar(expected)) {
            return NEVER;
        }
        return (e, u) -> holds(e.at(path), expected);
    }

    /** Whether the value is an array holding the scalar {@code expected}. */
    private static boolean holds(JsonNode value, JsonNode expected) {
        if (value == null || !value.isArray()) {
            return false;
        }
        for (JsonNode item : value) {
            if (isScalar(item) && item.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** Strings, integers (canonical JSON's range), booleans and null; no floats, objects or arrays. */
    private static boolean isScalar(JsonNode value) {
        return value != null && (value.isTextual() || value.isIntegralNumber() || value.isBoolean() || value.isNull());
    }

    private static boolean containsDisplayName(PushContext e, String userId) {
        JsonNode body = e.event().path("content").path("body");
        String name = e.displayName(userId);
        if (!body.isTextual() || name == null || name.isEmpty()) {
            return false;
        }
        return Glob.literal(name).matcher(body.asText()).find();
    }

    /** {@code is}: a number with an optional {@code ==}, {@code <}, {@code >}, {@code >=} or {@code <=}. */
    private static Condition memberCount(String is) {
        String op = is.startsWith(">=") || is.startsWith("<=") || is.startsWith("==") ? is.substring(0, 2)
                : is.startsWith("<") || is.startsWith(">") ? is.substring(0, 1) : "==";
        String digits = is.startsWith(op) ? is.substring(op.length()) : is;
        long n;
        try {
            n = Long.parseLong(digits.trim());
        } catch (NumberFormatException ex) {
            return NEVER;
        }
        return switch (op) {
            case "<" -> (e, u) -> e.memberCount() < n;
            case ">" -> (e, u) -> e.memberCount() > n;
            case ">=" -> (e, u) -> e.memberCount() >= n;
            case "<=" -> (e, u) -> e.memberCount() <= n;
            default -> (e, u) -> e.memberCount() == n;
        };
    }

    /** A dot-separated property path (appendices, "Dot-separated property paths"): {@code \.} and {@code \\} escape. */
    record PropertyPath(List<String> parts) {
        /** The paths parsed, one object per key: a {@link PushContext} finds each path's value once per event. */
        private static final Map<String, PropertyPath> PARSED = new ConcurrentHashMap<>();

        /** The path of the key; the same object for the same key (while fewer than 10,000 are kept). */
        static PropertyPath parse(String key) {
            PropertyPath known = PARSED.get(key);
            if (known != null) {
                return known;
            }
            PropertyPath path = split(key);
            return PARSED.size() < MAX_SHARED ? PARSED.computeIfAbsent(key, k -> path) : path;
        }

        private static PropertyPath split(String key) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c == '\\' && i + 1 < key.length() && (key.charAt(i + 1) == '.' || key.charAt(i + 1) == '\\')) {
                    part.append(key.charAt(++i));
                } else if (c == '.') {
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    part.append(c);
                }
            }
            parts.add(part.toString());
            return new PropertyPath(List.copyOf(parts));
        }

        JsonNode in(JsonNode event) {
            JsonNode node = event;
            for (String part : parts) {
                node = node.get(part);
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
    }

    /** Glob-style patterns (appendices, "Glob-style matching"): {@code *} any run, {@code ?} one character, case-insensitive. */
    static final class Glob {
        /** Word characters for content.body matches: the spec's [A-Za-z0-9_]. */
        private static final String BOUNDARY_BEFORE = "(?:^|[^A-Za-z0-9_])";
        private static final String BOUNDARY_AFTER = "(?:$|[^A-Za-z0-9_])";

        private Glob() {
        }

        static Pattern compile(String glob, boolean words) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                    regex.append(c == '*' ? ".*?" : ".");
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            String body = words ? BOUNDARY_BEFORE + regex + BOUNDARY_AFTER : "^" + regex + "$";
            return Pattern.compile(body, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        }

        static Pattern literal(String text) {
            return Pattern.compile(BOUNDARY_BEFORE + Pattern.quote(text.toLowerCase(Locale.ROOT)) + BOUNDARY_AFTER,
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
