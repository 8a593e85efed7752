package org.hearth.api.spi.storage;

import java.util.List;
import java.util.Objects;

/**
 * A room joined with part of its state (Server-Server API, {@code send_join} with
 * {@code omit_members}): the resident server left the member events out of its answer, and the
 * full state at the join is still to be fetched from the servers in the room.
 *
 * @param joinEventId the local user's join: the full state is the state before it, plus it
 * @param servers     the servers in the room before the join ({@code servers_in_room}), to fetch the
 *                    state from and to send events to until the full state is known
 */
public record PartialStateRoom(String roomId, String joinEventId, List<String> servers) {
    public PartialStateRoom {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(joinEventId, "joinEventId");
        servers = List.copyOf(servers);
    }
}
