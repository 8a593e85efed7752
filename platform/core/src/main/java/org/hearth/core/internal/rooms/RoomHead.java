package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthEventSelection;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * What the writer of a room needs to append the next event, kept in memory between events: the
 * room version, the forward extremities and their depth, the state group after them, and the
 * current state events the authorization rules read (create, power levels, join rules,
 * third-party invites, members), as far as they were read.
 *
 * <p>Only the holder of the room's lock reads or changes a head ({@link RoomHeads}). Member
 * events are kept for the {@value #MAX_MEMBERS} most recently used members, so that a room of
 * 10,000 talkers does not keep 10,000 events in memory.
 */
final class RoomHead {
    /** The state types the authorization rules read (Server-Server API, "Auth events selection"). */
    static final Set<String> AUTH_TYPES = Set.of(EventTypes.CREATE, EventTypes.POWER_LEVELS, EventTypes.JOIN_RULES,
            EventTypes.THIRD_PARTY_INVITE, EventTypes.MEMBER);
    static final int MAX_MEMBERS = 64;
    /** The most prev_events a new event names (as Synapse does): the DAG stays narrow. */
    static final int MAX_PREV_EVENTS = 20;
    /** What the rules never read of the state events they consult. */
    private static final List<String> UNREAD = List.of("hashes", "signatures", "unsigned");
    /** Rules are stateless: one set per room version for every head. */
    private static final Map<String, AuthRules> RULES = new ConcurrentHashMap<>();
    private static final Map<String, AuthEventSelection> SELECTIONS = new ConcurrentHashMap<>();

    final String roomId;
    final RoomVersion version;
    final AuthRules rules;
    final AuthEventSelection selection;
    List<String> extremities;
    long depth;
    /** The group of one extremity; with several, {@link #resolvedDelta} makes it the current state. */
    long stateGroup;
    /**
     * What the current state (the resolution across the forward extremities) has that
     * {@link #stateGroup} has not: the next event's state before is that group plus these entries.
     */
    Map<StateKey, String> resolvedDelta = Map.of();
    /** The room's membership as push rules read it; null until read (a room created here starts with none). */
    RoomMembers membership;
    private final Map<StateTuple, Pdu> state = new HashMap<>();
    private final Map<String, Pdu> members = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pdu> eldest) {
            if (size() > MAX_MEMBERS) {
                complete = false;
                return true;
            }
            return false;
        }
    };
    /**
     * Display names of local members as push rules read them ({@code contains_display_name}), by
     * user: only for members a rule asked about, unlike {@link #members} not bounded by
     * {@value #MAX_MEMBERS}, since a rule may ask about each of a large room's members for every
     * message. A change of the member's state or a redaction of its event drops the entry.
     */
    private final Map<String, MemberName> names = new HashMap<>();
    /** Whether every current auth state event is held, so that a missing key means "absent" (a room created here). */
    private boolean complete;

    RoomHead(String roomId, RoomVersion version, List<String> extremities, long depth, long stateGroup,
             boolean complete) {
        this.roomId = roomId;
        this.version = version;
        this.rules = RULES.computeIfAbsent(version.id(), v -> new AuthRules(version.authRules(), LocalSignatures.INSTANCE));
        this.selection = SELECTIONS.computeIfAbsent(version.id(), v -> new AuthEventSelection(version.authRules()));
        this.extremities = extremities;
        this.depth = depth;
        this.stateGroup = stateGroup;
        this.complete = complete;
    }

    /**
     * What the head knows of a piece of current state: the event, known absence
     * ({@code Optional.of(Optional.empty())}), or nothing ({@code Optional.empty()}: read it from storage).
     */
    Optional<Optional<Pdu>> known(StateTuple key) {
        if (!AUTH_TYPES.contains(key.type())) {
            return Optional.empty();
        }
        Pdu event = EventTypes.MEMBER.equals(key.type()) ? members.get(key.stateKey()) : state.get(key);
        if (event != null) {
            return Optional.of(Optional.of(event));
        }
        return complete ? Optional.of(Optional.empty()) : Optional.empty();
    }

    /**
     * Remembers a current state event; other than auth state is not kept, nor the parts of an
     * event the rules never read of a state event (its hashes and signatures: a third of it).
     */
    void put(StateTuple key, Pdu event) {
        if (!AUTH_TYPES.contains(key.type())) {
            return;
        }
        ObjectNode json = event.json();
        json.remove(UNREAD);
        Pdu kept = Pdu.of(json, event.eventId());
        if (EventTypes.MEMBER.equals(key.type())) {
            names.remove(key.stateKey());
            members.put(key.stateKey(), kept);
        } else {
            state.put(key, kept);
        }
    }

    /** Drops the event if held (it was redacted): it is read again from storage when needed. */
    void forget(String eventId) {
        boolean dropped = state.values().removeIf(e -> e.eventId().equals(eventId))
                | members.values().removeIf(e -> e.eventId().equals(eventId));
        names.values().removeIf(n -> n.eventId().equals(eventId));
        if (dropped) {
            complete = false;
        }
    }

    /** A member's display name (null for none) in its current member event. */
    record MemberName(String eventId, String name) {}

    /** The member's display name as last read, or null when not held. */
    MemberName name(String userId) {
        return names.get(userId);
    }

    void name(String userId, MemberName name) {
        names.put(userId, name);
    }

    /** How many state events it holds (for the memory figures). */
    int size() {
        return state.size() + members.size();
    }
}
