package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.util.PathSegments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound backfill (Server-Server API, "Backfilling and retrieving missing events"): a room
 * joined over federation is held here from the join on (its state and auth chain as outliers).
 * When a client pages back past the oldest event held, the events before it are asked of the
 * servers in the room in turn with {@code GET /backfill}, one round per page, and stored as
 * history by {@link RemoteEvents#backfill}. Without the federation bundle nothing is fetched.
 */
@Component(service = Backfill.class)
public class Backfill {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    /** Servers asked in one round before giving up. */
    static final int MAX_SERVERS = 5;
    /**
     * Events asked in one round, whatever the page's length (as Synapse does): the more of the
     * history one round brings, the more of its events find their prev_events among those before
     * them, and the fewer states need fetching ({@code /state_ids}) for the oldest.
     */
    static final int MAX_EVENTS = 100;
    /** Event IDs sent as {@code v}. */
    private static final int MAX_FROM = 20;

    private final RoomWriter writer;
    private final FederationLink link;
    private final RemoteEvents remoteEvents;

    @Activate
    public Backfill(@Reference RoomWriter writer, @Reference FederationLink link) {
        this.writer = writer;
        this.link = link;
        this.remoteEvents = new RemoteEvents(writer);
    }

    /**
     * Fetches up to {@link #MAX_EVENTS} events older than the oldest event of the room held here.
     *
     * @return whether any was stored (then a page reads on into them)
     */
    public boolean olderThanHeld(String roomId) {
        RemoteServers remote = link.remote();
        EventStore events = writer.events();
        if (remote == null) {
            return false;
        }
        List<StoredEvent> oldest = events.roomEvents(roomId, HistoryVisibility.FIRST_POSITION, Long.MAX_VALUE, 1, false);
        if (oldest.isEmpty() || "m.room.create".equals(oldest.get(0).type())) {
            return false; // a room of this server's, or one held from its start
        }
        Pdu first = StoredEvents.pdu(oldest.get(0));
        List<String> from = notInRoom(events, first.prevEvents());
        if (from.isEmpty()) {
            return false;
        }
        return fetch(remote, roomId, first, from, MAX_EVENTS, 0);
    }

    /**
     * Fetches the events of the gap just before the event (an event after a gap, {@link Gaps}) into
     * the stream positions left free below it, the newest next to it, as many as fit; the oldest
     * of them may leave a gap before it in turn.
     *
     * @return whether any was stored (then a page reads on into them)
     */
    public boolean intoGap(String roomId, StoredEvent afterGap) {
        RemoteServers remote = link.remote();
        EventStore events = writer.events();
        if (remote == null || afterGap.streamPosition() <= 1) {
            return false; // history below every position (reserveHistoric) is olderThanHeld's
        }
        long free = afterGap.streamPosition() - 1 - Math.max(0, events.highestPositionBelow(afterGap.streamPosition()));
        Pdu event = StoredEvents.pdu(afterGap);
        List<String> from = notInRoom(events, event.prevEvents());
        if (free <= 0 || from.isEmpty()) {
            return false; // a gap with no positions left free (a room joined here, an older Hearth's gap)
        }
        return fetch(remote, roomId, event, from, (int) Math.min(free, MAX_EVENTS), afterGap.streamPosition());
    }

    /**
     * One round of {@code /backfill} from the events, asked of the servers in turn until one
     * answers with an event stored.
     *
     * @param below the position the events are stored just below; 0 for below every position
     */
    private boolean fetch(RemoteServers remote, String roomId, Pdu next, List<String> from, int limit, long below) {
        int asked = 0;
        for (ServerName server : candidates(roomId, next)) {
            if (asked == MAX_SERVERS) {
                break;
            }
            if (!remote.federatesWith(server)) {
                continue;
            }
            asked++;
            JsonNode answer;
            try {
                answer = remote.request(server, "GET", "/_matrix/federation/v1/backfill/" + PathSegments.encode(roomId),
                        Map.of("v", from, "limit", List.of(Integer.toString(limit))), null);
            } catch (RemoteException e) {
                LOG.info("Cannot backfill {} from {}: {}", roomId, server, e.getMessage());
                continue;
            }
            JsonNode pdus = answer.path("pdus");
            int stored = below == 0 ? remoteEvents.backfill(server, roomId, pdus, limit, link.keys(), remote)
                    : remoteEvents.backfillGap(server, roomId, pdus, from, limit, below, link.keys(), remote);
            if (stored > 0) {
                return true;
            }
        }
        return false;
    }

    /** Of the prev_events, at most {@link #MAX_FROM} not held as part of the room: where the history here stops. */
    private static List<String> notInRoom(EventStore events, List<String> ids) {
        return Gaps.notInRoom(events, ids).stream().limit(MAX_FROM).toList();
    }

    /** The next event's sender's server first (it had the events before it), then the others in the room. */
    private Set<ServerName> candidates(String roomId, Pdu oldest) {
        Set<ServerName> servers = new LinkedHashSet<>();
        ServerName self = writer.server().name();
        UserId.parse(oldest.sender()).map(UserId::server).filter(s -> !s.equals(self)).ifPresent(servers::add);
        servers.addAll(link.serversIn(roomId));
        return servers;
    }
}
