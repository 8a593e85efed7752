package org.hearth.core.internal.receipts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.ReceiptStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.push.PushDelivery;
import org.hearth.core.internal.relations.Threads;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Stores a user's receipts and read markers after checking them.
 *
 * <ul>
 *   <li>Receipt types: {@code m.read}, {@code m.read.private}, and {@code m.fully_read}, which
 *       is the read marker (room account data), not a receipt; anything else is 400.</li>
 *   <li>Only in a room the user is joined to (403 otherwise), for an event of the room the user
 *       may see: 404 {@code M_NOT_FOUND} otherwise.</li>
 *   <li>{@code thread_id} (spec "Threaded read receipts"): a non-empty string, not for
 *       {@code m.fully_read}, and the event must be in that thread ({@code main}: in none) or be
 *       its root; 400 {@code M_INVALID_PARAM} otherwise.</li>
 *   <li>A receipt behind the user's earlier one of the same type and thread changes nothing.</li>
 *   <li>Public receipts wake the room's syncs; private ones and read markers only the user's.</li>
 * </ul>
 */
@Component(service = Receipts.class)
public class Receipts {
    public static final String READ = "m.read";
    public static final String READ_PRIVATE = "m.read.private";
    public static final String FULLY_READ = "m.fully_read";
    private static final Set<String> TYPES = Set.of(READ, READ_PRIVATE, FULLY_READ);

    private final EventStore events;
    private final ReceiptStore receipts;
    private final UserDataStore userData;
    private final RoomAccess access;
    private final Notifier notifier;
    private final FederationLink federation;
    private final PushDelivery pushes;
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public Receipts(@Reference EventStore events, @Reference ReceiptStore receipts, @Reference UserDataStore userData,
                    @Reference RoomAccess access, @Reference Notifier notifier, @Reference FederationLink federation,
                    @Reference PushDelivery pushes) {
        this.federation = federation;
        this.pushes = pushes;
        this.events = events;
        this.receipts = receipts;
        this.userData = userData;
        this.access = access;
        this.notifier = notifier;
    }

    /** 400 {@code M_INVALID_PARAM} unless the type is one a client may send. */
    public static void checkType(String type) throws MatrixException {
        if (!TYPES.contains(type)) {
            throw MatrixException.invalidParam("Receipt type must be one of " + TYPES);
        }
    }

    /** A receipt or, for {@code m.fully_read}, the read marker; {@code threadId} null when unthreaded. */
    public void send(UserId user, String roomId, String type, String eventId, String threadId) throws MatrixException {
        checkType(type);
        if (threadId != null && (threadId.isEmpty() || FULLY_READ.equals(type))) {
            throw MatrixException.invalidParam("thread_id must be a non-empty string, and only on read receipts");
        }
        StoredEvent event = visibleEvent(user, roomId, eventId);
        if (FULLY_READ.equals(type)) {
            userData.putAccountData(user, roomId, FULLY_READ, Json.write(JsonNodeFactory.instance.objectNode().put("event_id", eventId)));
            notifier.userChanged(user.toString());
            return;
        }
        if (threadId != null) {
            String thread = Threads.of(Json.stored(event.json()));
            if (!threadId.equals(thread) && !threadId.equals(eventId)) {
                throw MatrixException.invalidParam("Event " + eventId + " is not in thread " + threadId);
            }
        }
        long ts = clock.millis();
        long position = receipts.putReceipt(new ReceiptStore.Receipt(roomId, user.toString(), type, threadId, eventId,
                event.streamPosition(), ts, 0));
        if (position > 0) {
            if (READ.equals(type)) {
                notifier.roomChanged(roomId);
                federation.sendToRoom(roomId, "m.receipt", edu(roomId, user, eventId, threadId, ts));
            } else {
                notifier.userChanged(user.toString());
            }
            pushes.unreadChanged(user); // notifications up to the event are read ("Marking notifications as read")
        }
    }

    /**
     * A public read receipt of a user of another server ({@code m.receipt} EDU, Server-Server
     * API "Receipts"): stored when the user is joined to the room and the event is one of the
     * room's known here; otherwise dropped (400 or 403 for the log).
     */
    public void receiveRemote(UserId user, String roomId, String eventId, String threadId, long ts)
            throws MatrixException {
        access.requireJoined(roomId, user);
        StoredEvent event = events.event(eventId).filter(e -> e.roomId().equals(roomId))
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        if (receipts.putReceipt(new ReceiptStore.Receipt(roomId, user.toString(), READ, threadId, eventId,
                event.streamPosition(), ts, 0)) > 0) {
            notifier.roomChanged(roomId);
        }
    }

    /** {@code {room: {"m.read": {user: {"event_ids": [event], "data": {"ts": …, "thread_id": …}}}}}}. */
    private static ObjectNode edu(String roomId, UserId user, String eventId, String threadId, long ts) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        ObjectNode receipt = content.putObject(roomId).putObject(READ).putObject(user.toString());
        receipt.putArray("event_ids").add(eventId);
        ObjectNode data = receipt.putObject("data").put("ts", ts);
        if (threadId != null) {
            data.put("thread_id", threadId);
        }
        return content;
    }

    private StoredEvent visibleEvent(UserId user, String roomId, String eventId) throws MatrixException {
        access.requireJoined(roomId, user);
        RoomView view = access.view(Viewer.user(user), roomId);
        return events.event(eventId).filter(e -> e.roomId().equals(roomId)).filter(view::allows)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
    }
}
