package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthEventSelection;
import org.hearth.core.internal.rooms.auth.AuthRuleSet;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * What the writer of a room needs to append the next event, kept in memory between events:
 * the room version, the forward extremities and their depth, the state group after them, and
 * the current state events read so far (for the authorization rules). Only the room's writer,
 * under the room lock, changes it.
 */
final class RoomHead {
    final String roomId;
    final RoomVersion version;
    /** The version's authorization rules and auth event selection, derived once per room. */
    final AuthRules rules;
    final AuthEventSelection selection;
    List<String> extremities;
    long depth;
    long stateGroup;
    /** Current state events loaded so far; a missing key means "not loaded", not "absent". */
    final Map<StateTuple, Pdu> state = new ConcurrentHashMap<>();

    RoomHead(String roomId, RoomVersion version, List<String> extremities, long depth, long stateGroup) {
        this.roomId = roomId;
        this.version = version;
        AuthRuleSet ruleSet = ruleSet(version);
        this.rules = new AuthRules(ruleSet, LocalSignatures.INSTANCE);
        this.selection = new AuthEventSelection(ruleSet);
        this.extremities = extremities;
        this.depth = depth;
        this.stateGroup = stateGroup;
    }

    /** The authorization rule set of a room version (every known version has one). */
    static AuthRuleSet ruleSet(RoomVersion version) {
        return AuthRuleSet.forRoomVersion(version.authRules()).orElseThrow();
    }
}
