package org.hearth.api.spi.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hearth.api.id.UserId;

/**
 * Writes that commit together or not at all, through {@link EventStore#write}: a room created
 * with its first events, alias and directory entry; a redaction with the rewrite of its target;
 * an upgrade's events in two rooms. Applied in the order of the components: new rooms, removed
 * aliases, added aliases, events (in list order), redactions, directory flags.
 *
 * <p>Events of several rooms and senders may share one batch (group commit): the events of one
 * room form a chain, each following the one before it in the batch.
 *
 * @param rooms          rooms to record; a room ID that exists fails the batch
 * @param events         events to store, in order
 * @param redactions     stored events to replace by their redacted form
 * @param removedAliases aliases to remove (absent ones are ignored)
 * @param addedAliases   aliases to add; one that is taken fails the batch
 * @param published      room ID → whether it is listed in the public room directory
 * @param notifications  push notifications of events of the batch, stored with them (after the events)
 */
public record WriteBatch(List<Room> rooms, List<Append> events, List<Redaction> redactions,
                         List<String> removedAliases, List<Alias> addedAliases, Map<String, Boolean> published,
                         List<Notifications> notifications) {

    public WriteBatch {
        rooms = List.copyOf(rooms);
        events = List.copyOf(events);
        redactions = List.copyOf(redactions);
        removedAliases = List.copyOf(removedAliases);
        addedAliases = List.copyOf(addedAliases);
        published = Collections.unmodifiableMap(new LinkedHashMap<>(published));
        notifications = List.copyOf(notifications);
    }

    /** A batch without push notifications. */
    public WriteBatch(List<Room> rooms, List<Append> events, List<Redaction> redactions, List<String> removedAliases,
                      List<Alias> addedAliases, Map<String, Boolean> published) {
        this(rooms, events, redactions, removedAliases, addedAliases, published, List.of());
    }

    /** A batch of events only. */
    public static WriteBatch of(List<Append> events) {
        return new WriteBatch(List.of(), events, List.of(), List.of(), List.of(), Map.of());
    }

    /**
     * One event to store: the event; its state group (the group before it when {@code stateDelta}
     * is empty, else a new group = the group before it + the delta); the room's current state and
     * memberships when the delta changes them; the room's forward extremities; its client
     * transaction, if any.
     *
     * @param stateGroupBefore the state group before the event: 0 for a room's create event,
     *                         {@link #AFTER_PREVIOUS} for the group after the previous event of
     *                         the same room in this batch
     * @param stateDelta       the state the event sets: its own (type, state_key) → event ID
     * @param placement        its edges and status, and the state around it in a DAG with
     *                         several extremities
     */
    public record Append(String roomId, NewEvent event, long stateGroupBefore, Map<StateKey, String> stateDelta,
                         List<String> forwardExtremities, EventPlacement placement) {
        /** {@code stateGroupBefore} of an event that follows another of its room in the same batch. */
        public static final long AFTER_PREVIOUS = -1;
        /** {@code stateGroupBefore} of an outlier: it has no state. */
        public static final long NO_STATE = 0;

        public Append {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(event, "event");
            stateDelta = Map.copyOf(stateDelta);
            forwardExtremities = List.copyOf(forwardExtremities);
            Objects.requireNonNull(placement, "placement");
        }

        /** An event on top of the room's state, without edges (contract 0.2.0). */
        public Append(String roomId, NewEvent event, long stateGroupBefore, Map<StateKey, String> stateDelta,
                      List<String> forwardExtremities) {
            this(roomId, event, stateGroupBefore, stateDelta, forwardExtremities, EventPlacement.NONE);
        }
    }

    /**
     * The push notifications of one event of the batch, written in its transaction as
     * {@link PushStore#addNotified} would, so that a send costs one commit.
     *
     * @param ts          the event's {@code origin_server_ts}
     * @param localSender the sender when a local user (the room is read up to the event for them), else null
     * @param notified    the users notified, by outcome (contract 0.19.0)
     */
    public record Notifications(String roomId, String eventId, long ts, String localSender,
                                List<PushStore.Notified> notified) {
        public Notifications {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(eventId, "eventId");
            notified = List.copyOf(notified);
        }

        /** One notification per user, their {@code streamPosition} ignored (contract 0.18.0). */
        public Notifications(String roomId, String eventId, String localSender,
                             List<PushStore.Notification> notifications) {
            this(roomId, eventId, notifications.isEmpty() ? 0 : notifications.get(0).ts(), localSender,
                    PushStore.Notified.of(notifications));
        }

        /** One notification per user notified, as contract 0.18.0 gave them. */
        public List<PushStore.Notification> notifications() {
            return PushStore.Notified.each(roomId, eventId, ts, localSender, notified);
        }
    }

    /** Replace the stored JSON of {@code eventId} by {@code redactedJson}, redacted by {@code redactedBy}. */
    public record Redaction(String eventId, String redactedJson, String redactedBy) {
    }

    /** Map an alias to a room, recording who created it (to decide who may delete it). */
    public record Alias(String alias, String roomId, UserId creator) {
    }
}
