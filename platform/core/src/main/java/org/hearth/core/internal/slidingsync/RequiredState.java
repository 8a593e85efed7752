package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hearth.api.MatrixException;

/**
 * Which state a room result carries (MSC4186 {@code RequiredStateRequest}). Today's clients send
 * {@code [[type, state_key], …]} pairs, where {@code "*"} matches anything, {@code $ME} stands for
 * the user and {@code ["m.room.member", "$LAZY"]} asks for lazy members; the merged proposal sends
 * {@code {include, exclude, lazy_members}}. Both read into this one form.
 *
 * @param include     entries to return; a null field matches anything
 * @param exclude     entries left out of {@code include}'s matches (not of lazy members)
 * @param lazyMembers also the memberships of the timeline's senders and targets
 */
public record RequiredState(Set<Entry> include, Set<Entry> exclude, boolean lazyMembers) {
    static final String MEMBER = "m.room.member";
    static final int MAX_ENTRIES = 100;
    static final RequiredState NONE = new RequiredState(Set.of(), Set.of(), false);

    /** One entry; null matches any type / any state key; {@code $ME} in the state key is the user. */
    public record Entry(String type, String stateKey) {
        boolean matches(String eventType, String eventStateKey, String me) {
            boolean key = stateKey == null
                    || ("$ME".equals(stateKey) ? me.equals(eventStateKey) : stateKey.equals(eventStateKey));
            return key && (type == null || type.equals(eventType));
        }
    }

    public RequiredState {
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
    }

    /** Whether the state entry is asked for (lazy members aside). */
    public boolean wants(String type, String stateKey, String me) {
        return include.stream().anyMatch(e -> e.matches(type, stateKey, me))
                && exclude.stream().noneMatch(e -> e.matches(type, stateKey, me));
    }

    /**
     * Whether memberships beyond the user's own and the lazy-loaded ones are asked for: a room
     * with partial state cannot give them yet ({@code SlidingSyncService} leaves it out).
     */
    boolean wantsOtherMembers() {
        return include.stream().anyMatch(e -> (e.type() == null || MEMBER.equals(e.type())) && !"$ME".equals(e.stateKey()));
    }

    /** Whether every membership is asked for: lazy loading then does not narrow anything. */
    boolean allMembers() {
        return include.stream().anyMatch(e -> (e.type() == null || MEMBER.equals(e.type())) && e.stateKey() == null)
                && exclude.stream().noneMatch(e -> (e.type() == null || MEMBER.equals(e.type())));
    }

    /** Whether everything {@code other} asks for is asked for here too (so nothing new is wanted). */
    boolean covers(RequiredState other) {
        boolean everything = include.contains(new Entry(null, null)) && exclude.isEmpty();
        boolean entries = other.include.isEmpty() || everything || include.containsAll(other.include) && other.exclude.containsAll(exclude);
        return entries && (!other.lazyMembers || lazyMembers || allMembers());
    }

    /** The superset of both ("Combining room configs"). */
    RequiredState union(RequiredState other) {
        if (exclude.isEmpty() && other.exclude.isEmpty()) {
            Set<Entry> both = new LinkedHashSet<>(include);
            both.addAll(other.include);
            return new RequiredState(both, Set.of(), lazyMembers || other.lazyMembers);
        }
        // Excludes do not merge: keep the wider one (rare; a client sends one config per room).
        return include.size() + (lazyMembers ? 1 : 0) >= other.include.size() + (other.lazyMembers ? 1 : 0) ? this : other;
    }

    /** Reads either shape; 400 {@code M_BAD_JSON} for anything else. */
    static RequiredState parse(JsonNode node) throws MatrixException {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (node.isArray()) {
            return parsePairs(node);
        }
        if (!node.isObject()) {
            throw MatrixException.badJson("required_state must be a list of [type, state_key] or an object");
        }
        JsonNode lazy = node.path("lazy_members");
        if (!lazy.isMissingNode() && !lazy.isBoolean()) {
            throw MatrixException.badJson("required_state.lazy_members must be a boolean");
        }
        return new RequiredState(entries(node.get("include"), "include"), entries(node.get("exclude"), "exclude"),
                lazy.asBoolean(false));
    }

    private static RequiredState parsePairs(JsonNode pairs) throws MatrixException {
        if (pairs.size() > MAX_ENTRIES) {
            throw MatrixException.invalidParam("required_state may hold at most " + MAX_ENTRIES + " entries");
        }
        Set<Entry> include = new LinkedHashSet<>();
        boolean lazy = false;
        for (JsonNode pair : pairs) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw MatrixException.badJson("required_state entries must be [type, state_key] pairs of strings");
            }
            String type = pair.get(0).asText();
            String stateKey = pair.get(1).asText();
            if (MEMBER.equals(type) && "$LAZY".equals(stateKey)) {
                lazy = true;
                continue;
            }
            include.add(new Entry("*".equals(type) ? null : type, "*".equals(stateKey) ? null : stateKey));
        }
        return new RequiredState(include, Set.of(), lazy);
    }

    private static Set<Entry> entries(JsonNode list, String field) throws MatrixException {
        Set<Entry> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > MAX_ENTRIES) {
            throw MatrixException.badJson("required_state." + field + " must be a list of at most " + MAX_ENTRIES);
        }
        for (JsonNode element : list) {
            if (!element.isObject() || !optionalText(element.get("type")) || !optionalText(element.get("state_key"))) {
                throw MatrixException.badJson("required_state." + field + " entries are {type, state_key} of strings");
            }
            out.add(new Entry(element.hasNonNull("type") ? element.get("type").asText() : null,
                    element.hasNonNull("state_key") ? element.get("state_key").asText() : null));
        }
        return out;
    }

    private static boolean optionalText(JsonNode value) {
        return value == null || value.isNull() || value.isTextual();
    }

    /** The merged proposal's shape: how a connection's state stores it. */
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        write(out.putArray("include"), include);
        write(out.putArray("exclude"), exclude);
        out.put("lazy_members", lazyMembers);
        return out;
    }

    private static void write(ArrayNode array, Set<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        for (Entry e : sorted) {
            ObjectNode o = array.addObject();
            if (e.type() != null) {
                o.put("type", e.type());
            }
            if (e.stateKey() != null) {
                o.put("state_key", e.stateKey());
            }
        }
    }
}
