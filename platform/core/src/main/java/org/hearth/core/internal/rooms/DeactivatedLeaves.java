package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.EventStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * A deactivated account leaves every room it is in: its joins become leaves, its invites are
 * rejected and its knocks withdrawn, so the other members see it go, stop encrypting for it and
 * no longer count it (as Synapse does). The leaves are sent on a thread of their own, one room at
 * a time (a user in a thousand rooms is a thousand events, and a remote invite's rejection asks
 * its server); those a stop interrupted are sent after the next start, found through
 * {@link AccountStore#deactivatedInRooms}.
 */
@Component(service = DeactivatedLeaves.class, immediate = true)
public class DeactivatedLeaves {
    private static final Logger LOG = LoggerFactory.getLogger(DeactivatedLeaves.class);
    private static final List<String> IN_ROOM = List.of("join", "invite", "knock");
    private static final int BATCH = 100;

    private final AccountStore accounts;
    private final EventStore events;
    private final Memberships memberships;
    private final ExecutorService leaves =
            Executors.newSingleThreadExecutor(DaemonThreads.named("hearth-deactivated-leaves"));

    @Activate
    public DeactivatedLeaves(@Reference AccountStore accounts, @Reference EventStore events,
                             @Reference Memberships memberships) {
        this.accounts = accounts;
        this.events = events;
        this.memberships = memberships;
        leaves.execute(this::resume);
    }

    @Deactivate
    void stop() {
        leaves.shutdownNow();
    }

    /** The user, just deactivated, leaves its rooms (in the background). */
    public void leaveAll(UserId user) {
        leaves.execute(() -> leave(user));
    }

    /** The departures a stop interrupted. */
    private void resume() {
        UserId after = null;
        List<UserId> users;
        do {
            users = accounts.deactivatedInRooms(after, BATCH);
            for (UserId user : users) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                leave(user);
            }
            after = users.isEmpty() ? after : users.get(users.size() - 1);
        } while (users.size() == BATCH);
    }

    private void leave(UserId user) {
        List<String> rooms = events.roomsOf(user, IN_ROOM);
        int left = 0;
        for (String roomId : rooms) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                memberships.change(user, roomId, "leave", null);
                left++;
            } catch (MatrixException | RuntimeException e) {
                LOG.warn("Deactivated account {} could not leave {}: {}", user, roomId, e.getMessage());
            }
        }
        if (!rooms.isEmpty()) {
            LOG.info("Deactivated account {} left {} of its {} rooms", user, left, rooms.size());
        }
    }
}
