/**
 * State resolution: the room state at a point where branches of the room graph meet
 * (Server-Server API, "Room State Resolution"; room version 1, "State resolution"; room version
 * 2, "State resolution", used by versions 2–11; room version 12, state resolution v2.1).
 *
 * <p>A {@link org.hearth.core.internal.rooms.stateres.StateResolver} takes the state sets to
 * resolve, maps {@code (event_type, state_key)} to event ID, and an
 * {@link org.hearth.core.internal.rooms.stateres.EventFetcher} through which it reads events and
 * their rejection status: an in-memory map in the tests, the event store in the server. One
 * resolution is single-threaded and caches what it fetched for its own duration only.
 */
package org.hearth.core.internal.rooms.stateres;
