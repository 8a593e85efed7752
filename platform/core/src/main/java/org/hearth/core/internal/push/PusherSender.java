package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one pusher ({@link PusherWorkers.Run}): sends its user's notifications after its
 * stored delivery position, in stream order, and moves the position past each one delivered or
 * given up on, so that what is neither is sent after a restart. Then, if asked, the unread count
 * alone. The rules are those of {@link PushDelivery}.
 */
final class PusherSender implements PusherWorkers.Run {
    /** Notifications read at a time; a run sends at most these before the other pushers get a turn. */
    static final int PAGE = 50;
    /** A pusher catching up skips notifications older than this (see {@link PushDelivery}). */
    static final long STALE_AFTER_MS = 3_600_000;
    private static final long FIRST_RETRY_MS = 200;
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 3_600_000;
    private static final Logger LOG = LoggerFactory.getLogger(PusherSender.class);

    private final PushStore store;
    private final EventStore events;
    private final PushBodies bodies;
    private final PushGateway gateway;
    private final int attempts;
    private final LongSupplier clock;
    /** The highest stream position whose notifications are all stored: runs read no further. */
    private final LongSupplier deliverable;
    /** Pushers backing off: until when, and for how long the last time. */
    private final Map<PusherWorkers.Key, long[]> backingOff = new ConcurrentHashMap<>();
    /** Pushers whose gateway answered since this server started and has not failed since: not catching up. */
    private final Set<PusherWorkers.Key> healthy = ConcurrentHashMap.newKeySet();
    /** The unread count each pusher was last told: a receipt that leaves it as it was sends nothing. */
    private final Map<PusherWorkers.Key, Long> lastUnread = new ConcurrentHashMap<>();

    /** The outcome of sending one body. */
    private enum Sent { DELIVERED, GIVEN_UP, UNAVAILABLE, KEY_REJECTED }

    PusherSender(PushStore store, EventStore events, PushGateway gateway, int attempts, LongSupplier clock,
                 LongSupplier deliverable) {
        this.store = store;
        this.events = events;
        this.bodies = new PushBodies(store, events);
        this.gateway = gateway;
        this.attempts = attempts;
        this.clock = clock;
        this.deliverable = deliverable;
    }

    @Override
    public long run(PusherWorkers.Key key, boolean badge) throws InterruptedException {
        Optional<PushStore.PusherProgress> found = store.pusherProgress(key.userId(), key.appId(), key.pushkey());
        if (found.isEmpty() || !"http".equals(found.get().pusher().kind())) {
            forget(key);
            return PusherWorkers.GONE;
        }
        long[] backoff = backingOff.get(key);
        long now = clock.getAsLong();
        if (backoff != null && now < backoff[0]) {
            return backoff[0] - now; // the gateway failed lately: its notifications wait, stored
        }
        PushStore.Pusher pusher = found.get().pusher();
        long upTo = deliverable.getAsLong();
        long stored = found.get().deliveredUpTo();
        JsonNode data = Json.stored(pusher.dataJson());
        URI url;
        try {
            url = URI.create(data.path("url").asText());
        } catch (IllegalArgumentException e) {
            store.pusherDelivered(key.userId(), key.appId(), key.pushkey(), upTo); // checked when set: cannot happen
            return PusherWorkers.DONE;
        }
        List<PushStore.Notification> page = upTo <= stored ? List.of()
                : store.notificationsOf(key.userId(), stored, upTo, PAGE);
        long position = stored;
        for (PushStore.Notification n : page) {
            boolean stale = !healthy.contains(key) && n.ts() < clock.getAsLong() - STALE_AFTER_MS;
            Optional<StoredEvent> event = stale ? Optional.empty() : events.event(n.eventId());
            if (event.isPresent()) {
                ObjectNode body = bodies.body(pusher, data, event.get(), n);
                Sent sent = send(key, pusher, url, body);
                if (sent == Sent.UNAVAILABLE) {
                    moveTo(key, stored, position);
                    return backingOff.get(key)[0] - clock.getAsLong();
                }
                if (sent == Sent.KEY_REJECTED) {
                    forget(key); // the pusher is deleted: nothing more for it
                    return PusherWorkers.GONE;
                }
                moveTo(key, stored, n.streamPosition());
                stored = n.streamPosition();
            }
            position = n.streamPosition();
        }
        moveTo(key, stored, position); // past the skipped ones
        if (page.size() == PAGE) {
            return PusherWorkers.MORE;
        }
        if (badge) {
            sendBadge(key, pusher, url, data);
        }
        return PusherWorkers.DONE;
    }

    private void moveTo(PusherWorkers.Key key, long stored, long position) {
        if (position > stored) {
            store.pusherDelivered(key.userId(), key.appId(), key.pushkey(), position);
        }
    }

    /**
     * The user's unread count changed: the pusher gets it alone unless it was told that count
     * last. Not stored: a badge lost to a failing gateway or a stop is corrected by the next one.
     */
    private void sendBadge(PusherWorkers.Key key, PushStore.Pusher pusher, URI url, JsonNode data)
            throws InterruptedException {
        long unread = bodies.unread(key.userId());
        Long told = lastUnread.get(key);
        if (told == null || told != unread) {
            send(key, pusher, url, PushBodies.badge(pusher, data, unread));
        }
    }

    /** Sends the body, trying again and backing off as {@link PushDelivery} says. */
    private Sent send(PusherWorkers.Key key, PushStore.Pusher pusher, URI url, ObjectNode body)
            throws InterruptedException {
        long wait = FIRST_RETRY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                List<String> rejected = gateway.notify(url, body);
                for (String pushkey : rejected) {
                    store.deletePushers(pusher.appId(), pushkey);
                }
                backingOff.remove(key);
                healthy.add(key);
                lastUnread.put(key, body.at("/notification/counts/unread").asLong());
                return rejected.contains(pusher.pushkey()) ? Sent.KEY_REJECTED : Sent.DELIVERED;
            } catch (PushGateway.Unavailable e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopping"); // the notification stays to deliver
                }
                if (attempt >= attempts || e.timedOut()) {
                    long[] last = backingOff.get(key);
                    long next = last == null ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, last[1] * 2);
                    backingOff.put(key, new long[] {clock.getAsLong() + next, next});
                    healthy.remove(key);
                    LOG.warn("Push gateway of {} unavailable ({}); backing off {} ms", pusher.appId(), e.getMessage(), next);
                    return Sent.UNAVAILABLE;
                }
                Thread.sleep(wait);
                wait *= 2;
            } catch (IOException e) {
                LOG.warn("Push gateway of {} refused a notification: {}", pusher.appId(), e.getMessage());
                return Sent.GIVEN_UP;
            }
        }
    }

    private void forget(PusherWorkers.Key key) {
        backingOff.remove(key);
        healthy.remove(key);
        lastUnread.remove(key);
    }
}
