package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.PushStore.Notification;
import org.hearth.api.spi.storage.PushStore.Pusher;
import org.hearth.api.spi.storage.PushStore.PusherProgress;
import org.hearth.api.spi.storage.ReceiptStore;
import org.junit.jupiter.api.Test;

/** The {@link PushStore} contract of the pushers' delivery positions; run by {@link StoreSuite} on each database. */
abstract class PushStoreContract {
    private static final String HALL = "!hall:example.org";
    private static final String APP = "org.example.app";
    final PushStore push;
    final EventStore events;

    private final StoreSuite suite;
    PushStoreContract(StoreSuite suite) {
        this.suite = suite;
        push = new SqlPushStore(suite.database, suite.unreadCounts, suite.pushSlots);
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    @Test
    void aNewPusherStartsAtTheHeadAndAReplacedOneKeepsItsPosition() {
        RoomWriter hall = new RoomWriter(events, HALL);
        hall.create(ALICE);
        long before = hall.message(ALICE, "before").streamPosition();
        push.putPusher(pusher(BOB, "phone", "Phone"), false);
        assertEquals(before, position(BOB, "phone"), "it owes nothing stored before it");

        long later = hall.message(ALICE, "later").streamPosition();
        push.pusherDelivered(BOB.toString(), APP, "phone", later);
        push.putPusher(pusher(BOB, "phone", "Tablet"), false);
        PusherProgress replaced = push.pusherProgress(BOB.toString(), APP, "phone").orElseThrow();
        assertEquals(later, replaced.deliveredUpTo(), "replacing keeps the position");
        assertEquals("Tablet", replaced.pusher().deviceDisplayName());

        push.pusherDelivered(BOB.toString(), APP, "phone", before);
        assertEquals(later, position(BOB, "phone"), "never moves back");

        push.deletePusher(BOB, APP, "phone");
        assertTrue(push.pusherProgress(BOB.toString(), APP, "phone").isEmpty());
        push.pusherDelivered(BOB.toString(), APP, "phone", later + 1); // deleted meanwhile: nothing to move
        assertTrue(push.pusherProgress(BOB.toString(), APP, "phone").isEmpty());
    }

    @Test
    void pushersBehindAreThoseOwedANotificationUpToTheBound() {
        RoomWriter hall = new RoomWriter(events, HALL);
        long head = hall.create(ALICE).streamPosition();
        push.putPusher(pusher(BOB, "phone", "Phone"), false);
        push.putPusher(pusher(BOB, "tablet", "Tablet"), true);
        push.putPusher(pusher(ALICE, "laptop", "Laptop"), true);
        RoomWriter.Sent one = hall.message(ALICE, "one");
        push.addNotifications(HALL, one.streamPosition(), null, List.of(notification(BOB, one.eventId())));
        RoomWriter.Sent two = hall.message(ALICE, "two");
        push.addNotifications(HALL, two.streamPosition(), null, List.of(notification(BOB, two.eventId())));

        assertEquals(List.of("phone", "tablet"), keys(push.pushersBehind(two.streamPosition())),
                "Bob's two pushers; Alice has no notification");
        assertEquals(List.of(), keys(push.pushersBehind(head)), "nothing up to the head they started at");
        push.pusherDelivered(BOB.toString(), APP, "phone", two.streamPosition());
        assertEquals(List.of("tablet"), keys(push.pushersBehind(two.streamPosition())));
        push.pusherDelivered(BOB.toString(), APP, "tablet", one.streamPosition());
        assertEquals(List.of(), keys(push.pushersBehind(one.streamPosition())));
        assertEquals(List.of("tablet"), keys(push.pushersBehind(two.streamPosition())));
    }

    @Test
    void thePushersNotifiedInARangeAreThoseOfItsNotifiedUsers() {
        RoomWriter hall = new RoomWriter(events, HALL);
        long head = hall.create(ALICE).streamPosition();
        push.putPusher(pusher(BOB, "phone", "Phone"), false);
        push.putPusher(pusher(BOB, "tablet", "Tablet"), true);
        RoomWriter.Sent one = hall.message(ALICE, "one");
        push.addNotifications(HALL, one.streamPosition(), null,
                List.of(notification(BOB, one.eventId()), notification(ALICE, one.eventId())));
        RoomWriter.Sent two = hall.message(ALICE, "two");
        push.addNotifications(HALL, two.streamPosition(), null, List.of(notification(ALICE, two.eventId())));

        assertEquals(List.of("phone", "tablet"), pushkeys(push.pushersNotifiedBetween(head, two.streamPosition())),
                "each of Bob's pushers once; Alice has no pusher");
        assertEquals(List.of(), pushkeys(push.pushersNotifiedBetween(one.streamPosition(), two.streamPosition())),
                "only Alice was notified after one");
        push.putPusher(pusher(ALICE, "laptop", "Laptop"), true);
        assertEquals(List.of("laptop"), pushkeys(push.pushersNotifiedBetween(one.streamPosition(), two.streamPosition())));
        assertEquals(List.of(), pushkeys(push.pushersNotifiedBetween(head, head)), "an empty range");
    }

    @Test
    void aUsersNotificationsAreReadInStreamOrderWithinTheRange() {
        RoomWriter hall = new RoomWriter(events, HALL);
        long head = hall.create(ALICE).streamPosition();
        RoomWriter.Sent one = hall.message(ALICE, "one");
        push.addNotifications(HALL, one.streamPosition(), null,
                List.of(notification(BOB, one.eventId()), notification(StoreSuite.ALICE, one.eventId())));
        RoomWriter.Sent two = hall.message(ALICE, "two");
        push.addNotifications(HALL, two.streamPosition(), null, List.of(notification(BOB, two.eventId())));
        RoomWriter.Sent three = hall.message(ALICE, "three");
        push.addNotifications(HALL, three.streamPosition(), null, List.of(notification(BOB, three.eventId())));

        assertEquals(List.of(one.eventId(), two.eventId(), three.eventId()),
                ids(push.notificationsOf(BOB.toString(), head, three.streamPosition(), 10)));
        assertEquals(List.of(one.eventId(), two.eventId()),
                ids(push.notificationsOf(BOB.toString(), head, three.streamPosition(), 2)), "at most the limit, oldest first");
        assertEquals(List.of(two.eventId()),
                ids(push.notificationsOf(BOB.toString(), one.streamPosition(), two.streamPosition(), 10)));
        assertEquals(List.of(one.eventId()), ids(push.notificationsOf(ALICE.toString(), head, three.streamPosition(), 10)));
        Notification read = push.notificationsOf(BOB.toString(), head, one.streamPosition(), 1).get(0);
        assertEquals(HALL, read.roomId());
        assertEquals(one.streamPosition(), read.streamPosition());
        assertEquals("[\"notify\"]", read.actionsJson());
    }

    /** Written again (a write run again, an event evaluated again), an event's notifications stay counted once. */
    @Test
    void manyNotificationsWrittenTwiceAreCountedOnce() {
        RoomWriter hall = new RoomWriter(events, HALL);
        hall.create(ALICE);
        RoomWriter.Sent sent = hall.message(ALICE, "to everyone");
        List<UserId> members = IntStream.range(0, 40).mapToObj(i -> Fixtures.user("many" + i)).toList();
        members.forEach(m -> assertEquals(List.of(), push.unreadCounts(m, List.of(HALL)), "read, and kept, before"));
        List<Notification> many = members.stream().map(m -> notification(m, sent.eventId())).toList();

        push.addNotifications(HALL, sent.streamPosition(), null, many);
        push.addNotifications(HALL, sent.streamPosition(), null, many);
        // evaluated again with other outcomes (a rule changed meanwhile): the first write stands
        List<Notification> other = new ArrayList<>(many.subList(1, many.size()));
        other.add(highlight(members.get(0), sent.eventId()));
        push.addNotifications(HALL, sent.streamPosition(), null, other);

        for (UserId member : members) {
            assertEquals(List.of(new PushStore.UnreadCount(HALL, "main", 1, 0)), push.unreadCounts(member, List.of(HALL)),
                    member.toString());
            assertEquals(List.of(sent.eventId()), ids(push.notificationsOf(member.toString(), 0, sent.streamPosition(), 10)));
        }
    }

    /**
     * An event's notifications share a row per outcome: each user still counts their own outcome,
     * in their own thread, until they read it there or everywhere.
     */
    @Test
    void eachUserCountsTheirOwnOutcomeUntilTheyReadIt() {
        ReceiptStore receipts = new SqlReceiptStore(suite.database, suite.unreadCounts);
        RoomWriter hall = new RoomWriter(events, HALL);
        hall.create(ALICE);
        List<UserId> members = IntStream.range(0, 40).mapToObj(i -> Fixtures.user("member" + i)).toList();
        RoomWriter.Sent one = hall.message(ALICE, "one");
        push.addNotifications(HALL, one.streamPosition(), null, members.stream().map(m -> members.indexOf(m) < 30
                ? notification(m, one.eventId()) : highlight(m, one.eventId())).toList());
        RoomWriter.Sent two = hall.message(ALICE, "in a thread");
        push.addNotifications(HALL, two.streamPosition(), null, members.subList(0, 10).stream()
                .map(m -> new Notification(m.toString(), HALL, two.eventId(), 0, "$root", false, "[\"notify\"]", NOW,
                        false)).toList());
        RoomWriter.Sent three = hall.message(members.get(5), "three");
        push.addNotifications(HALL, three.streamPosition(), members.get(5).toString(), members.stream()
                .filter(m -> !m.equals(members.get(5))).map(m -> notification(m, three.eventId())).toList());
        receipts.putReceipt(new ReceiptStore.Receipt(HALL, members.get(1).toString(), "m.read", "main", one.eventId(),
                one.streamPosition(), NOW, 0));
        receipts.putReceipt(new ReceiptStore.Receipt(HALL, members.get(2).toString(), "m.read", null, two.eventId(),
                two.streamPosition(), NOW, 0));

        assertEquals(List.of(unread("$root", 1, 0), unread("main", 2, 0)), counts(members.get(0)));
        assertEquals(List.of(unread("$root", 1, 0), unread("main", 1, 0)), counts(members.get(1)),
                "read in the main timeline only");
        assertEquals(List.of(unread("main", 1, 0)), counts(members.get(2)), "read everywhere up to two");
        assertEquals(List.of(), counts(members.get(5)), "the sender read the room");
        assertEquals(List.of(unread("main", 2, 1)), counts(members.get(35)));
        assertEquals(List.of(unread("main", 2, 0)), counts(members.get(29)));

        List<Notification> ones = push.notifications(members.get(1), Long.MAX_VALUE, 10, false);
        assertEquals(List.of(three.eventId(), two.eventId(), one.eventId()), ids(ones));
        assertEquals(List.of(false, false, true), ones.stream().map(Notification::read).toList());
        assertEquals(List.of(one.eventId()), ids(push.notifications(members.get(35), Long.MAX_VALUE, 10, true)));
        assertEquals("[\"notify\",{\"set_tweak\":\"highlight\"}]",
                push.notifications(members.get(35), three.streamPosition(), 10, false).get(0).actionsJson());
        assertEquals(List.of(), push.notifications(members.get(0), Long.MAX_VALUE, 10, true));
    }

    /**
     * Users named by outcome ({@link PushStore.Notified}), as core names a room's members: the same
     * list for each message, the sender among them and not notified, a user named twice notified
     * as the first says, and a list with one more member numbered anew.
     */
    @Test
    void theMembersNamedByOutcomeAreNotifiedButTheSenderAndOnceEach() {
        RoomWriter hall = new RoomWriter(events, HALL);
        hall.create(ALICE);
        List<UserId> members = IntStream.range(0, 30).mapToObj(i -> Fixtures.user("named" + i)).toList();
        List<String> room = members.stream().map(UserId::toString).toList();
        members.forEach(m -> assertEquals(List.of(), counts(m), "read, and kept, before"));
        PushStore.Notified everyone = new PushStore.Notified(room, "main", false, "[\"notify\"]");
        for (int i = 0; i < 2; i++) {
            RoomWriter.Sent sent = hall.message(members.get(i), "hello " + i);
            push.addNotified(HALL, sent.streamPosition(), sent.eventId(), NOW, members.get(i).toString(),
                    List.of(everyone, new PushStore.Notified(List.of(members.get(3).toString()), "main", true,
                            "[\"notify\",{\"set_tweak\":\"highlight\"}]")));
        }
        assertEquals(List.of(unread("main", 1, 0)), counts(members.get(0)), "not notified of its own message");
        assertEquals(List.of(), counts(members.get(1)), "its message read the room");
        assertEquals(List.of(unread("main", 2, 0)), counts(members.get(3)), "as the first group says");
        assertEquals(List.of(unread("main", 2, 0)), counts(members.get(29)));

        List<String> joined = new ArrayList<>(room);
        joined.add(Fixtures.user("newcomer").toString());
        RoomWriter.Sent third = hall.message(ALICE, "welcome");
        push.addNotified(HALL, third.streamPosition(), third.eventId(), NOW, null,
                List.of(new PushStore.Notified(joined, "main", false, "[\"notify\"]")));
        assertEquals(List.of(unread("main", 1, 0)), counts(Fixtures.user("newcomer")));
        assertEquals(List.of(unread("main", 3, 0)), counts(members.get(29)));
        assertEquals(List.of(third.eventId()), ids(push.notificationsOf(Fixtures.user("newcomer").toString(), 0,
                third.streamPosition(), 10)));
    }

    /** Numbers given before a restart are read back, not given again: a new user does not get another's notifications. */
    @Test
    void aRestartedServerGivesNewUsersNewNumbers() {
        // A room of its own: the suite's numbers of it would be out of date after this test.
        String room = "!restart:example.org";
        RoomWriter hall = new RoomWriter(events, room);
        hall.create(ALICE);
        RoomWriter.Sent one = hall.message(ALICE, "one");
        push.addNotifications(room, one.streamPosition(), null, List.of(notification(BOB, room, one.eventId())));

        PushStore restarted = new SqlPushStore(suite.database, new UnreadCountsKept(), new PushSlots(suite.database));
        RoomWriter.Sent two = hall.message(ALICE, "two");
        UserId carol = Fixtures.user("carol");
        restarted.addNotifications(room, two.streamPosition(), null, List.of(notification(carol, room, two.eventId())));

        assertEquals(List.of(new PushStore.UnreadCount(room, "main", 1, 0)), restarted.unreadCounts(BOB, List.of(room)));
        assertEquals(List.of(new PushStore.UnreadCount(room, "main", 1, 0)),
                restarted.unreadCounts(carol, List.of(room)));
        assertEquals(List.of(two.eventId()), ids(restarted.notifications(carol, Long.MAX_VALUE, 10, false)));
    }

    private List<PushStore.UnreadCount> counts(UserId user) {
        return push.unreadCounts(user, List.of(HALL)).stream()
                .sorted(Comparator.comparing(PushStore.UnreadCount::threadId)).toList();
    }

    private static PushStore.UnreadCount unread(String threadId, long notifications, long highlights) {
        return new PushStore.UnreadCount(HALL, threadId, notifications, highlights);
    }

    private static Notification highlight(UserId user, String eventId) {
        return new Notification(user.toString(), HALL, eventId, 0, "main", true,
                "[\"notify\",{\"set_tweak\":\"highlight\"}]", NOW, false);
    }

    private long position(UserId user, String pushkey) {
        return push.pusherProgress(user.toString(), APP, pushkey).orElseThrow().deliveredUpTo();
    }

    @Test
    void aDeactivatedAccountHasNoPushers() {
        push.putPusher(pusher(BOB, "phone", "Phone"), false);
        push.putPusher(pusher(ALICE, "laptop", "Laptop"), false);

        suite.accounts.deactivate(BOB);

        assertEquals(List.of(), push.pushers(BOB));
        assertEquals(1, push.pushers(ALICE).size());
    }

    private static Pusher pusher(UserId user, String pushkey, String deviceName) {
        return new Pusher(user.toString(), APP, pushkey, "http", "Example", deviceName, null, "en",
                "{\"url\":\"https://push.example.org/_matrix/push/v1/notify\"}", NOW, null);
    }

    private static Notification notification(UserId user, String eventId) {
        return notification(user, HALL, eventId);
    }

    private static Notification notification(UserId user, String roomId, String eventId) {
        return new Notification(user.toString(), roomId, eventId, 0, "main", false, "[\"notify\"]", NOW, false);
    }

    private static List<String> keys(List<PusherProgress> pushers) {
        return pushers.stream().map(p -> p.pusher().pushkey()).sorted().toList();
    }

    private static List<String> pushkeys(List<Pusher> pushers) {
        return pushers.stream().map(Pusher::pushkey).sorted().toList();
    }

    private static List<String> ids(List<Notification> notifications) {
        return notifications.stream().map(Notification::eventId).toList();
    }
}
