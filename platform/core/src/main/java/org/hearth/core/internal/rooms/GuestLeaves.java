package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * When a room stops letting guests in, its local guests leave it ("Guest Access": "the server
 * MUST set those users' m.room.member state to leave"). The leaves are sent after the change's
 * commit, on a thread of their own: {@link GuestAccess} hears of the change under the room's lock.
 */
@Component(immediate = true, service = {})
public class GuestLeaves {
    private static final Logger LOG = LoggerFactory.getLogger(GuestLeaves.class);

    private final GuestAccess guests;
    private final EventStore events;
    private final AccountStore accounts;
    private final Memberships memberships;
    private final String localSuffix;
    private final ExecutorService leaves =
            Executors.newSingleThreadExecutor(DaemonThreads.named("hearth-guest-leaves"));

    @Activate
    public GuestLeaves(@Reference GuestAccess guests, @Reference EventStore events, @Reference AccountStore accounts,
                       @Reference Memberships memberships, @Reference LocalServer server) {
        this.guests = guests;
        this.events = events;
        this.accounts = accounts;
        this.memberships = memberships;
        this.localSuffix = ":" + server.name().value();
        guests.whenRevoked(roomId -> leaves.execute(() -> guestsLeave(roomId)));
    }

    @Deactivate
    void stop() {
        guests.whenRevoked(null);
        leaves.shutdownNow();
    }

    private void guestsLeave(String roomId) {
        List<String> memberEvents = new ArrayList<>();
        for (Map.Entry<StateKey, String> entry : events.currentState(roomId).entrySet()) {
            if ("m.room.member".equals(entry.getKey().type()) && entry.getKey().stateKey().endsWith(localSuffix)) {
                memberEvents.add(entry.getValue());
            }
        }
        for (StoredEvent member : events.events(memberEvents)) {
            if (!"join".equals(Json.stored(member.json()).path("content").path("membership").asText())) {
                continue;
            }
            UserId.parse(member.stateKey()).filter(u -> accounts.find(u).map(Account::guest).orElse(false))
                    .ifPresent(guest -> {
                        try {
                            memberships.change(guest, roomId, "leave", null);
                        } catch (MatrixException | RuntimeException e) {
                            LOG.warn("Guest {} could not leave {} after guest access ended", guest, roomId, e);
                        }
                    });
        }
    }
}
