package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.hearth.api.Clock;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.event.StreamConsumer;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.core.internal.rooms.RoomLocks;
import org.hearth.core.internal.util.Json;
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
 * Delivers notifications to the users' HTTP pushers (Push Gateway API), as a durable consumer
 * of the event stream: after a restart it goes on from the last event it acknowledged.
 *
 * <ul>
 *   <li>For each event of a batch, the notifications {@link PushEvaluator} stored for it; for each
 *       notified user, each of their pushers gets {@code POST {data.url}} with the event (only
 *       its IDs with {@code format: event_id_only}), the user's unread count across rooms and
 *       the rule's tweaks; {@code data} goes to the gateway without {@code url}.</li>
 *   <li>A gateway that fails (network, 5xx, 429) is tried again, {@code push.attempts} times
 *       in all, waiting 200 ms, then twice as long each time; then that pusher backs off (1 s,
 *       doubling up to an hour) and its notifications meanwhile are dropped, so that one dead
 *       gateway never holds up the others.</li>
 *   <li>Push keys the gateway reports as {@code rejected} are deleted.</li>
 *   <li>A read receipt sends the user's pushers their new unread count alone ({@link #unreadChanged}).</li>
 *   <li>Loopback and private addresses only with {@code push.allow_private_addresses}.</li>
 * </ul>
 */
@Component(service = {EventStreamConsumer.class, PushDelivery.class}, configurationPid = "hearth.push",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@StreamConsumer(name = "push-gateway")
@Designate(ocd = PushConfig.class)
public class PushDelivery implements EventStreamConsumer {
    static final int DEFAULT_ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(PushDelivery.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long FIRST_RETRY_MS = 200;
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 3_600_000;

    private final PushStore store;
    private final EventStore events;
    private final PushGateway gateway;
    private final RoomLocks rooms;
    private final int attempts;
    /** Pushers backing off: until when, and for how long the last time. */
    private final Map<String, long[]> backingOff = new ConcurrentHashMap<>();
    /** The unread count each pusher was last told: a receipt that leaves it as it was sends nothing. */
    private final Map<String, Long> lastUnread = new ConcurrentHashMap<>();
    /** Sends badge updates ({@link #unreadChanged}) one at a time, in the order of the receipts. */
    private final ExecutorService badges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-push-badges");
        t.setDaemon(true);
        return t;
    });
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public PushDelivery(@Reference PushStore store, @Reference EventStore events, @Reference RoomLocks rooms,
                        PushConfig config) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
        String caFile = config.ca__file();
        this.gateway = new PushGateway(config.allow__private__addresses(),
                caFile == null || caFile.isBlank() ? null : java.nio.file.Path.of(caFile));
        this.attempts = config.attempts();
    }

    @Override
    public void accept(List<RoomEvent> batch) throws InterruptedException {
        long after = batch.get(0).streamPosition() - 1;
        long upTo = batch.get(batch.size() - 1).streamPosition();
        // The notifications of an event are stored right after it, under its room's lock.
        batch.stream().map(e -> e.roomId().value()).distinct().forEach(rooms::awaitWrites);
        Map<Long, List<PushStore.Notification>> byEvent = new LinkedHashMap<>();
        for (PushStore.Notification n : store.notificationsBetween(after, upTo)) {
            byEvent.computeIfAbsent(n.streamPosition(), k -> new ArrayList<>()).add(n);
        }
        if (byEvent.isEmpty()) {
            return;
        }
        for (RoomEvent event : batch) {
            List<PushStore.Notification> notifications = byEvent.get(event.streamPosition());
            if (notifications == null) {
                continue;
            }
            Map<String, List<PushStore.Pusher>> pushers = new HashMap<>();
            store.pushersOf(notifications.stream().map(PushStore.Notification::userId).distinct().toList())
                    .forEach(p -> pushers.computeIfAbsent(p.userId(), k -> new ArrayList<>()).add(p));
            for (PushStore.Notification n : notifications) {
                for (PushStore.Pusher pusher : pushers.getOrDefault(n.userId(), List.of())) {
                    if ("http".equals(pusher.kind())) {
                        deliver(pusher, event, n);
                    }
                }
            }
        }
    }

    /**
     * The user moved a read receipt: each of their HTTP pushers whose count it changed gets the
     * unread count without an event (Push Gateway API: notifications "that only contain updated
     * badge counts"), so that a device's badge clears once the messages are read elsewhere. Sent
     * off the request's thread.
     */
    public void unreadChanged(UserId user) {
        badges.execute(() -> {
            try {
                long unread = unread(user.toString());
                for (PushStore.Pusher pusher : store.pushersOf(List.of(user.toString()))) {
                    Long sent = lastUnread.get(key(pusher));
                    if ("http".equals(pusher.kind()) && (sent == null || sent != unread)) {
                        deliver(pusher, data -> badgeBody(pusher, data, unread));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping
            } catch (RuntimeException e) {
                LOG.warn("Badge update for {} failed", user, e);
            }
        });
    }

    @Deactivate
    void stop() {
        badges.shutdownNow();
    }

    private void deliver(PushStore.Pusher pusher, RoomEvent event, PushStore.Notification n) throws InterruptedException {
        deliver(pusher, data -> body(pusher, data, event, n));
    }

    private static String key(PushStore.Pusher pusher) {
        return pusher.userId() + " " + pusher.appId() + " " + pusher.pushkey();
    }

    /** Sends the body made from the pusher's data, trying again and backing off as the class says. */
    private void deliver(PushStore.Pusher pusher, Function<JsonNode, ObjectNode> bodyOf) throws InterruptedException {
        String key = key(pusher);
        long[] backoff = backingOff.get(key);
        if (backoff != null && clock.millis() < backoff[0]) {
            return; // the gateway failed lately: spare it and the stream
        }
        JsonNode data = Json.stored(pusher.dataJson());
        URI url;
        try {
            url = URI.create(data.path("url").asText());
        } catch (IllegalArgumentException e) {
            return; // checked when set; cannot happen for a stored pusher
        }
        ObjectNode body = bodyOf.apply(data);
        long wait = FIRST_RETRY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                for (String rejected : gateway.notify(url, body)) {
                    store.deletePushers(pusher.appId(), rejected);
                }
                backingOff.remove(key);
                lastUnread.put(key, body.at("/notification/counts/unread").asLong());
                return;
            } catch (PushGateway.Unavailable e) {
                if (attempt >= attempts) {
                    long next = backoff == null ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoff[1] * 2);
                    backingOff.put(key, new long[] {clock.millis() + next, next});
                    LOG.warn("Push gateway of {} unavailable ({}); backing off {} ms", pusher.appId(), e.getMessage(), next);
                    return;
                }
                Thread.sleep(wait);
                wait *= 2;
            } catch (IOException e) {
                LOG.warn("Push gateway of {} refused a notification: {}", pusher.appId(), e.getMessage());
                return;
            }
        }
    }

    /** The body of {@code POST /_matrix/push/v1/notify} (Push Gateway API). */
    private ObjectNode body(PushStore.Pusher pusher, JsonNode data, RoomEvent event, PushStore.Notification n) {
        ObjectNode body = F.objectNode();
        ObjectNode notification = body.putObject("notification");
        notification.put("event_id", event.eventId().value());
        notification.put("id", event.eventId().value()); // the earlier name, which gateways such as Sygnal still read
        notification.put("room_id", event.roomId().value());
        notification.put("prio", n.highlight() ? "high" : "low");
        if (!"event_id_only".equals(data.path("format").asText())) {
            notification.put("type", event.type());
            notification.put("sender", event.sender().toString());
            String senderName = stateContent(event.roomId().value(), "m.room.member", event.sender().toString())
                    .path("displayname").textValue();
            if (senderName != null) {
                notification.put("sender_display_name", senderName);
            }
            String roomName = stateContent(event.roomId().value(), "m.room.name", "").path("name").textValue();
            if (roomName == null) {
                roomName = stateContent(event.roomId().value(), "m.room.canonical_alias", "").path("alias").textValue();
            }
            if (roomName != null) {
                notification.put("room_name", roomName); // the name, else the canonical alias, as Synapse sends
            }
            if ("m.room.member".equals(event.type())) {
                notification.put("membership", event.content().path("membership").asText());
                notification.put("user_is_target", n.userId().equals(event.stateKey()));
            }
            notification.set("content", event.content());
        }
        notification.putObject("counts").put("unread", unread(n.userId()));
        ObjectNode tweaks = device(notification, pusher, data).putObject("tweaks");
        for (JsonNode action : Json.stored(n.actionsJson())) {
            if (action.path("set_tweak").isTextual()) {
                tweaks.set(action.get("set_tweak").asText(), action.has("value") ? action.get("value") : F.booleanNode(true));
            }
        }
        return body;
    }

    /** A notification of the unread count alone, at low priority (nothing to alert about). */
    private static ObjectNode badgeBody(PushStore.Pusher pusher, JsonNode data, long unread) {
        ObjectNode body = F.objectNode();
        ObjectNode notification = body.putObject("notification");
        notification.put("prio", "low");
        notification.putObject("counts").put("unread", unread);
        device(notification, pusher, data).putObject("tweaks");
        return body;
    }

    /** The pusher as the notification's only device; {@code data} goes without {@code url}. */
    private static ObjectNode device(ObjectNode notification, PushStore.Pusher pusher, JsonNode data) {
        ObjectNode device = notification.putArray("devices").addObject();
        device.put("app_id", pusher.appId());
        device.put("pushkey", pusher.pushkey());
        device.put("pushkey_ts", pusher.ts() / 1000);
        ObjectNode deviceData = data.deepCopy();
        deviceData.remove("url");
        device.set("data", deviceData);
        return device;
    }

    private JsonNode stateContent(String roomId, String type, String stateKey) {
        return events.currentStateEvent(roomId, type, stateKey).flatMap(events::event)
                .map(e -> Json.stored(e.json()).path("content")).orElse(F.missingNode());
    }

    /** The user's unread notifications across their rooms (Push Gateway API, {@code counts.unread}). */
    private long unread(String userId) {
        UserId user = UserId.parse(userId).orElseThrow();
        long total = 0;
        for (PushStore.UnreadCount c : store.unreadCounts(user, events.roomsOf(user, List.of("join")))) {
            total += c.notifications();
        }
        return total;
    }
}
