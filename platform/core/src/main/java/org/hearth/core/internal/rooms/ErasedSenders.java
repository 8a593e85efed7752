package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Events of users who asked for their content to be erased ({@code POST /account/deactivate}
 * with {@code erase}), as a viewer is served them: "any users (or servers) which join the room
 * after the erasure request are served redacted copies of the events sent by this account. Users
 * which had visibility on those events prior to the erasure are still able to see unredacted
 * copies." As Synapse, a viewer who was joined at the event had it; anyone else who may see it
 * (through {@code shared} or {@code world_readable} history) gets the room version's redacted form.
 * Other servers get them redacted ({@link ServerReads}). Nothing is rewritten in storage and no
 * redaction event is sent.
 */
@Component(service = ErasedSenders.class)
public class ErasedSenders {
    private final AccountStore accounts;
    private final RoomStore rooms;
    private final LocalServer server;

    @Activate
    public ErasedSenders(@Reference AccountStore accounts, @Reference RoomStore rooms, @Reference LocalServer server) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.server = server;
    }

    /**
     * Records the user's request, and deletes what they kept here besides their events (account
     * data, profile, push rules, key backups); their events are served redacted from now on.
     */
    public void erase(UserId user) {
        accounts.markErased(user);
    }

    /** Events of a room and what their viewer may read of it. */
    public record Timeline(RoomView view, List<StoredEvent> events) {}

    /** The events as the viewer of {@code view} is served them, in the same order. */
    public List<StoredEvent> served(RoomView view, List<StoredEvent> events) {
        return served(view, events, among(List.of(new Timeline(view, events))));
    }

    /**
     * The events as the viewer of {@code view} is served them, {@code erased} holding their senders
     * who asked for erasure ({@link #among(Collection)}); reads nothing but room versions.
     */
    public List<StoredEvent> served(RoomView view, List<StoredEvent> events, Set<String> erased) {
        if (erased.isEmpty()) {
            return events;
        }
        Map<String, Optional<RoomVersion>> versions = new HashMap<>();
        List<StoredEvent> out = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            Optional<RoomVersion> version = redactedFor(view, e, erased)
                    ? versions.computeIfAbsent(e.roomId(), this::version) : Optional.empty();
            out.add(version.map(v -> redacted(v, e)).orElse(e));
        }
        return out;
    }

    /**
     * The senders who asked for erasure among those of the events their viewers were not joined
     * at (the others are served whole anyway), for several rooms at once: one read, none when a
     * viewer was joined at every event (a member's incremental sync).
     */
    public Set<String> among(Collection<Timeline> timelines) {
        List<StoredEvent> candidates = new ArrayList<>();
        for (Timeline t : timelines) {
            if (t.view() != null && t.view().rules() != HistoryVisibility.EVERYTHING) {
                t.events().stream().filter(e -> !t.view().rules().joinedAt(e.streamPosition())).forEach(candidates::add);
            }
        }
        return candidates.isEmpty() ? Set.of() : among(candidates);
    }

    /**
     * The senders of these events who asked for erasure: one read for all of them, none when
     * every sender is remote (only accounts of this server can ask).
     */
    public Set<String> among(List<StoredEvent> events) {
        Set<UserId> senders = new LinkedHashSet<>();
        for (StoredEvent e : events) {
            if (e.redactedBy() == null) {
                UserId.parse(e.sender()).filter(server::isLocal).ifPresent(senders::add);
            }
        }
        Set<String> erased = new HashSet<>();
        if (!senders.isEmpty()) {
            accounts.erased(senders).forEach(u -> erased.add(u.toString()));
        }
        return erased;
    }

    /**
     * Whether the viewer of {@code view} is served the event redacted, {@code erased} holding its
     * sender if that sender asked for erasure ({@link #among}): not if the viewer was joined at it.
     */
    public static boolean redactedFor(RoomView view, StoredEvent event, Set<String> erased) {
        return erased.contains(event.sender()) && event.redactedBy() == null
                && view.rules() != HistoryVisibility.EVERYTHING && !view.rules().joinedAt(event.streamPosition());
    }

    /** The event in its room version's redacted form (as it is when its room is unknown here). */
    public StoredEvent redacted(StoredEvent event) {
        return version(event.roomId()).map(v -> redacted(v, event)).orElse(event);
    }

    /** One event as the viewer of {@code view} is served it. */
    public StoredEvent served(RoomView view, StoredEvent event) {
        return served(view, List.of(event)).get(0);
    }

    private Optional<RoomVersion> version(String roomId) {
        return rooms.room(roomId).flatMap(r -> RoomVersions.byId(r.version()));
    }

    private static StoredEvent redacted(RoomVersion version, StoredEvent e) {
        ObjectNode pruned = version.redactor().redact(StoredEvents.json(e));
        String json = new String(version.canonicalJson().encode(pruned), StandardCharsets.UTF_8);
        return new StoredEvent(e.streamPosition(), e.eventId(), e.roomId(), e.depth(), e.type(), e.stateKey(),
                e.sender(), e.originServerTs(), json, null);
    }
}
