package org.hearth.api.spi.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The push module's data (Client-Server API, "Push Notifications"): each user's changes to the
 * predefined push rules, the notifications push rules gave them (which make the unread counts,
 * cleared by read receipts from {@link ReceiptStore}) and their pushers.
 */
@ConsumerType
public interface PushStore {

    /** The user's own push rules and changes to the predefined ones, as the JSON core wrote; empty when none. */
    Optional<String> pushRules(UserId userId);

    void putPushRules(UserId userId, String json);

    /**
     * Stores the notifications of one event (one row per user it notifies), unread, in one
     * transaction with marking the room read up to it for its local sender: a user's own event
     * reads the room.
     *
     * @param localSender the sender when a local user, else null
     */
    void addNotifications(String roomId, long streamPosition, String localSender, List<Notification> notifications);

    /**
     * As {@link #addNotifications}, the users of the event {@code eventId} (sent at {@code ts})
     * named by their outcome ({@link Notified}), as core gives them since contract 0.19.0. A
     * store of an earlier contract writes them one by one.
     */
    default void addNotified(String roomId, long streamPosition, String eventId, long ts, String localSender,
                             List<Notified> notified) {
        addNotifications(roomId, streamPosition, localSender, Notified.each(roomId, eventId, ts, localSender, notified));
    }

    /**
     * Per room and thread, the user's unread notifications: an unthreaded {@code m.read} or
     * {@code m.read.private} receipt ({@link ReceiptStore#putReceipt}), or an event of their own,
     * marks everything up to its event read, a threaded receipt the events of its thread
     * ({@code main}: those in no thread).
     */
    List<UnreadCount> unreadCounts(UserId userId, Collection<String> roomIds);

    /**
     * The user's notifications at stream positions below {@code before}, newest first, at most
     * {@code limit}; only highlights when {@code onlyHighlight}. {@code read} tells whether a
     * receipt covers it.
     */
    List<Notification> notifications(UserId userId, long before, int limit, boolean onlyHighlight);

    /**
     * A notification: the push rule actions an event triggered for a user. {@code threadId} is
     * {@code main} for an event in no thread.
     */
    record Notification(String userId, String roomId, String eventId, long streamPosition, String threadId,
                        boolean highlight, String actionsJson, long ts, boolean read) {}

    /**
     * The users one event notifies with the same actions, in the same thread (contract 0.19.0): a
     * message into a room of a thousand members names them in one, not in a thousand
     * notifications, and the same list of the room's members from one message to the next. The
     * event's local sender is not notified even when named (their own event reads the room for
     * them); a user named twice is notified as the first naming them says.
     */
    record Notified(List<String> userIds, String threadId, boolean highlight, String actionsJson) {
        public Notified {
            userIds = List.copyOf(userIds);
        }

        private record Outcome(String threadId, boolean highlight, String actionsJson) {}

        /** The notifications, grouped by outcome in the order each outcome first comes. */
        public static List<Notified> of(List<Notification> notifications) {
            Map<Outcome, List<String>> byOutcome = new LinkedHashMap<>();
            for (Notification n : notifications) {
                byOutcome.computeIfAbsent(new Outcome(n.threadId(), n.highlight(), n.actionsJson()),
                        o -> new ArrayList<>()).add(n.userId());
            }
            List<Notified> out = new ArrayList<>();
            byOutcome.forEach((o, users) -> out.add(new Notified(users, o.threadId(), o.highlight(), o.actionsJson())));
            return out;
        }

        /** One notification per user these name, as {@link #addNotifications} takes them (stream position 0). */
        public static List<Notification> each(String roomId, String eventId, long ts, String localSender,
                                              List<Notified> notified) {
            Set<String> named = new HashSet<>();
            if (localSender != null) {
                named.add(localSender);
            }
            List<Notification> out = new ArrayList<>();
            for (Notified n : notified) {
                for (String user : n.userIds()) {
                    if (named.add(user)) {
                        out.add(new Notification(user, roomId, eventId, 0, n.threadId(), n.highlight(),
                                n.actionsJson(), ts, false));
                    }
                }
            }
            return out;
        }
    }

    /** Unread notifications of one room's thread. */
    record UnreadCount(String roomId, String threadId, long notifications, long highlights) {}

    /** The user's pushers. */
    List<Pusher> pushers(UserId userId);

    /** Every pusher of the users, for delivery. */
    List<Pusher> pushersOf(Collection<String> userIds);

    /**
     * Adds or replaces the user's pusher of that app ID and push key; unless {@code append},
     * other users' pushers with the same app ID and push key are removed. A new pusher's delivery
     * position ({@link PusherProgress}) is the stream's head: it gets no notification stored
     * before it. A replaced pusher keeps its position.
     */
    void putPusher(Pusher pusher, boolean append);

    void deletePusher(UserId userId, String appId, String pushkey);

    /**
     * The pushers of the users with a notification of an event at a stream position in
     * (after, upTo]: the pushers that events woke (since 0.17.0; it replaces the notifications of
     * the range, whose rows, one per member of a large room, were read only to find these).
     */
    List<Pusher> pushersNotifiedBetween(long after, long upTo);

    /** Deletes the pushers of that app ID and push key, whoever's: the push gateway rejected the key. */
    void deletePushers(String appId, String pushkey);

    /**
     * A pusher and its delivery position: its user's notifications up to that stream position
     * were delivered to it or given up on; those after it are still to deliver.
     */
    record PusherProgress(Pusher pusher, long deliveredUpTo) {}

    /** The pusher of that user, app ID and push key with its delivery position; empty once deleted. */
    Optional<PusherProgress> pusherProgress(String userId, String appId, String pushkey);

    /**
     * The {@code http} pushers that have a notification of their user at a stream position in
     * (their delivery position, {@code upTo}]: those still owed something, at a start.
     */
    List<PusherProgress> pushersBehind(long upTo);

    /** The user's notifications at stream positions in (after, upTo], oldest first, at most {@code limit}. */
    List<Notification> notificationsOf(String userId, long after, long upTo, int limit);

    /**
     * Moves the pusher's delivery position forward to {@code position}; a position it has passed
     * already leaves it as it is (positions only grow), and so does a pusher deleted meanwhile.
     */
    void pusherDelivered(String userId, String appId, String pushkey, long position);

    /**
     * A pusher; {@code dataJson} its {@code data} object; {@code deviceId} the device that set it
     * (null for pushers older than that column): deleting the device deletes its pushers.
     */
    record Pusher(String userId, String appId, String pushkey, String kind, String appDisplayName,
                  String deviceDisplayName, String profileTag, String lang, String dataJson, long ts,
                  String deviceId) {}
}
