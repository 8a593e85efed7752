package org.hearth.auth.ldap.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.room.RoomService;
import org.hearth.api.room.RoomViews;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SyncPass} every {@code auth_ldap.sync.interval} (0 turns it off), then a
 * {@link GroupRoomSync} when {@code sync.group_rooms} maps groups to rooms. Needs core's
 * {@link UserAdmin}: without it it stays inactive while logins work. Core's {@link RoomService}
 * and {@link RoomViews} are optional: without them the rooms are left alone.
 */
@Component(immediate = true, service = {})
public final class DirectorySync {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

    /** Core's; read once per pass, as it may come and go while the sync runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RoomService rooms;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RoomViews views;

    private final Directory directory;
    private final UserAdmin userAdmin;
    private final ScheduledExecutorService timer;

    @Activate
    public DirectorySync(@Reference Directory directory, @Reference UserAdmin userAdmin) {
        this.directory = directory;
        this.userAdmin = userAdmin;
        Duration interval = directory.config().syncInterval();
        if (interval.isZero()) {
            LOG.info("LDAP sync is off (auth_ldap.sync.interval: 0)");
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hearth-ldap-sync");
            thread.setDaemon(true);
            return thread;
        });
        SyncPass pass = new SyncPass(directory, userAdmin);
        timer.scheduleWithFixedDelay(() -> run(pass), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("LDAP sync every {}", interval);
    }

    private void run(SyncPass pass) {
        long start = System.nanoTime();
        try {
            SyncPass.Result result = pass.run();
            LOG.info("LDAP sync: {} entries, {} linked accounts, {} deactivated in {} ms", result.entries(),
                    result.linked(), result.deactivated(), (System.nanoTime() - start) / 1_000_000);
            syncRooms();
        } catch (DirectoryUnavailableException e) {
            LOG.warn("LDAP sync skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep the schedule alive
            LOG.error("LDAP sync failed", e);
        }
    }

    private void syncRooms() throws DirectoryUnavailableException {
        RoomService service = rooms;
        RoomViews view = views;
        if (directory.config().groupRooms().rooms().isEmpty()) {
            return;
        }
        if (service == null || view == null) {
            LOG.warn("LDAP sync: {} left alone, this server has no room service", GroupRooms.KEY);
            return;
        }
        GroupRoomSync.Result result = new GroupRoomSync(directory, userAdmin, service, view).run();
        LOG.info("LDAP sync: {} group rooms, {} joined, {} kicked", result.rooms(), result.joined(), result.kicked());
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
