package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Map;
import org.hearth.api.spi.storage.StateKey;

/**
 * State groups inside one transaction. A group stores only its delta against {@code prev_group};
 * its state is the chain of groups back to a snapshot (a group without {@code prev_group}),
 * newer entries winning. A new group whose chain would exceed {@link #MAX_CHAIN} groups is
 * stored as a full snapshot instead, so resolving any group reads at most that many groups' rows
 * and a room of 10,000 members copies its state once every {@code MAX_CHAIN} state events.
 */
final class StateGroups {
    /** The most groups a chain holds, its snapshot included. */
    static final int MAX_CHAIN = 100;

    private final StateMapper mapper;

    StateGroups(StateMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Stores the group of {@code before} + {@code delta}.
     *
     * @param before the group the delta applies to, or 0 for none (a room's create event)
     * @return the new group's ID
     */
    long create(String roomId, long before, Map<StateKey, String> delta) {
        int chain = before == 0 ? 0 : mapper.chainLength(before)
                .orElseThrow(() -> new IllegalArgumentException("no state group " + before));
        boolean snapshot = chain >= MAX_CHAIN;
        Long prevGroup = before == 0 || snapshot ? null : before;
        long group = mapper.insertGroup(roomId, prevGroup, snapshot ? 1 : chain + 1);
        if (snapshot) {
            mapper.copyState(before, group);
        }
        List<StateEntry> entries = delta.entrySet().stream()
                .map(e -> new StateEntry(e.getKey().type(), e.getKey().stateKey(), e.getValue()))
                .toList();
        for (List<StateEntry> chunk : Chunks.of(entries)) {
            mapper.putEntries(group, chunk);
        }
        return group;
    }
}
