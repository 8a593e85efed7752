package org.hearth.core.internal.push;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.Clock;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.event.StreamConsumer;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.StreamCursorStore;
import org.hearth.core.internal.rooms.RoomLocks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to the users' HTTP pushers (Push Gateway API), each pusher on its own
 * and durably: every pusher has a stored delivery position ({@link PushStore.PusherProgress}),
 * and its task ({@link PusherSender}, run by {@link PusherWorkers}) sends its user's
 * notifications after that position, in stream order, moving the position past each one
 * delivered or given up on. As a consumer of the event stream this class only wakes the pushers
 * of the users a batch notifies; its acknowledgement loses nothing, the positions being the truth.
 *
 * <ul>
 *   <li>Each notified user's pushers get {@code POST {data.url}} with the event (only its IDs
 *       with {@code format: event_id_only}), the user's unread count across rooms and the rule's
 *       tweaks; {@code data} goes to the gateway without {@code url}.</li>
 *   <li>A new pusher starts at the stream's head: no backlog of older notifications.</li>
 *   <li>A gateway that fails (network, 5xx, 429) is tried again, {@code push.attempts} times in
 *       all, waiting 200 ms, then twice as long each time; then that pusher backs off (1 s,
 *       doubling up to an hour) and tries the same notification again afterwards. A gateway that
 *       does not answer within the timeout (10 s) backs off at once: each attempt would hold a
 *       thread as long again. A pusher holds one of the {@code push.workers} threads while it
 *       tries, none while it backs off, so the other pushers go on unless that many gateways hang
 *       at once.</li>
 *   <li>Catching up: a pusher whose gateway failed, or that has not reached its gateway since
 *       the server started, skips the notifications of events more than an hour old
 *       ({@link PusherSender#STALE_AFTER_MS}). So a gateway back after hours gets at most the last
 *       hour's notifications, in order, rather than days of stale alerts (Synapse gives up on a
 *       notification after a day of failures); the unread count in each body is current anyway.</li>
 *   <li>A gateway answering 4xx, or at a refused address, gets nothing for that notification (given up on).</li>
 *   <li>Push keys the gateway reports as {@code rejected} are deleted.</li>
 *   <li>A read receipt sends the user's pushers their new unread count alone ({@link #unreadChanged}).</li>
 *   <li>Loopback and private addresses only with {@code push.allow_private_addresses}.</li>
 *   <li>Memory: per pusher a few flags and its back-off, never its notifications, which are read
 *       from the database {@value PusherSender#PAGE} at a time.</li>
 * </ul>
 */
@Component(service = {EventStreamConsumer.class, PushDelivery.class}, configurationPid = "hearth.push",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// A notification may wait 50 ms: a busy server's events come to the pushers in batches, not one read each.
@StreamConsumer(name = PushDelivery.CONSUMER, lingerMs = 50)
@Designate(ocd = PushConfig.class)
public class PushDelivery implements EventStreamConsumer {
    static final int DEFAULT_ATTEMPTS = 4;
    static final int DEFAULT_WORKERS = 16;
    /** The name of this consumer's stream cursor. */
    static final String CONSUMER = "push-gateway";
    private static final Logger LOG = LoggerFactory.getLogger(PushDelivery.class);

    private final PushStore store;
    private final RoomLocks rooms;
    private final PusherWorkers workers;
    /**
     * The highest stream position whose notifications are all stored: the events up to it went
     * through {@link #accept} (or were acknowledged before a restart). A pusher reads no further,
     * so it never passes a notification still being written.
     */
    private final AtomicLong deliverable = new AtomicLong();
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public PushDelivery(@Reference PushStore store, @Reference EventStore events, @Reference RoomLocks rooms,
                        @Reference StreamCursorStore cursors, PushConfig config) {
        this.store = store;
        this.rooms = rooms;
        String caFile = config.ca__file();
        PushGateway gateway = new PushGateway(config.allow__private__addresses(),
                caFile == null || caFile.isBlank() ? null : java.nio.file.Path.of(caFile));
        PusherSender sender = new PusherSender(store, events, gateway, config.attempts(), () -> clock.millis(),
                deliverable::get);
        this.workers = new PusherWorkers(sender, Math.max(1, config.workers()));
        deliverable.set(cursors.cursor(CONSUMER).orElse(0));
        // What the pushers were owed when the server stopped.
        workers.execute(() -> {
            try {
                store.pushersBehind(deliverable.get()).forEach(p -> workers.wake(key(p.pusher()), false));
            } catch (RuntimeException e) {
                // They are woken again by their user's next notification.
                LOG.warn("Cannot read the pushers still owed notifications", e);
            }
        });
    }

    @Override
    public void accept(List<RoomEvent> batch) {
        long after = batch.get(0).streamPosition() - 1;
        long upTo = batch.get(batch.size() - 1).streamPosition();
        // The notifications of a remote event are stored right after it, under its room's lock.
        batch.stream().map(e -> e.roomId().value()).distinct().forEach(rooms::awaitWrites);
        List<PushStore.Pusher> woken = store.pushersNotifiedBetween(after, upTo);
        deliverable.accumulateAndGet(upTo, Math::max);
        if (!woken.isEmpty()) {
            wake(woken, false);
        }
    }

    /**
     * The user moved a read receipt: each of their HTTP pushers whose count it changed gets the
     * unread count without an event (Push Gateway API: notifications "that only contain updated
     * badge counts"), so that a device's badge clears once the messages are read elsewhere. Sent
     * by the pusher's task, after the notifications it owes.
     */
    public void unreadChanged(UserId user) {
        workers.execute(() -> wake(store.pushersOf(List.of(user.toString())), true));
    }

    @Deactivate
    void stop() {
        workers.stop();
    }

    private void wake(List<PushStore.Pusher> pushers, boolean badge) {
        for (PushStore.Pusher pusher : pushers) {
            if ("http".equals(pusher.kind())) {
                workers.wake(key(pusher), badge);
            }
        }
    }

    private static PusherWorkers.Key key(PushStore.Pusher pusher) {
        return new PusherWorkers.Key(pusher.userId(), pusher.appId(), pusher.pushkey());
    }
}
