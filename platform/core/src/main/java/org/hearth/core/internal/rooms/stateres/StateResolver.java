package org.hearth.core.internal.rooms.stateres;

import java.util.List;
import java.util.Map;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * Resolves a set of room states into one (Server-Server API, "Room State Resolution"): the state
 * before an event whose {@code prev_events} carry different states, or the current state of a
 * room with several forward extremities.
 */
public interface StateResolver {
    /**
     * @param stateSets the states to resolve, each mapping {@code (event_type, state_key)} to an
     *     event ID
     * @param events where the events of the states and of their auth chains are read
     * @return the resolved state
     * @throws MissingEventException when a needed event cannot be fetched
     */
    Map<StateTuple, String> resolve(List<Map<StateTuple, String>> stateSets, EventFetcher events);
}
