package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.EventStore.Appended;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.ReceiptStore;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.api.spi.storage.WriteBatch.Append;
import org.junit.jupiter.api.Test;

/** {@link EventStore#write}: a batch commits whole or not at all; run by {@link StoreSuite} on each database. */
abstract class WriteBatchContract {
    private static final String HALL = "!hall:example.org";

    final StoreSuite suite;
    final EventStore events;
    final RoomStore rooms;

    WriteBatchContract(StoreSuite suite) {
        this.suite = suite;
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
        rooms = new SqlRoomStore(suite.database);
    }

    /** A new room as core creates it: its row, three chained events, an alias, a directory entry. */
    private static WriteBatch creation(String roomId, String alias) {
        NewEvent create = event(roomId, 1, "m.room.create", "", "{}");
        NewEvent join = event(roomId, 2, "m.room.member", ALICE.toString(), "{\"membership\":\"join\"}");
        NewEvent name = event(roomId, 3, "m.room.name", "", "{\"name\":\"Hall\"}");
        return new WriteBatch(List.of(new Room(roomId, "12", ALICE.toString(), NOW, true)),
                List.of(first(roomId, create), next(roomId, join), next(roomId, name)), List.of(), List.of(),
                List.of(new WriteBatch.Alias(alias, roomId, ALICE)), Map.of());
    }

    private static NewEvent event(String roomId, int n, String type, String stateKey, String content) {
        String id = "$" + n + "_" + roomId.substring(1);
        return new NewEvent(id, type, stateKey, ALICE.toString(), n, NOW + n, "{\"content\":" + content + "}", null);
    }

    private static Append first(String roomId, NewEvent event) {
        return new Append(roomId, event, 0, delta(event), List.of(event.eventId()));
    }

    private static Append next(String roomId, NewEvent event) {
        return new Append(roomId, event, Append.AFTER_PREVIOUS, delta(event), List.of(event.eventId()));
    }

    private static Map<StateKey, String> delta(NewEvent event) {
        return event.stateKey() == null ? Map.of() : Map.of(new StateKey(event.type(), event.stateKey()), event.eventId());
    }

    @Test
    void aRoomIsCreatedWithItsEventsAliasAndDirectoryEntryInOneBatch() {
        List<Appended> appended = events.write(creation(HALL, "#hall:example.org"));

        assertEquals(3, appended.size());
        assertTrue(appended.get(0).streamPosition() < appended.get(1).streamPosition()
                && appended.get(1).streamPosition() < appended.get(2).streamPosition(), appended.toString());
        assertEquals(Map.of(new StateKey("m.room.create", ""), "$1_hall:example.org",
                new StateKey("m.room.member", ALICE.toString()), "$2_hall:example.org",
                new StateKey("m.room.name", ""), "$3_hall:example.org"), events.state(appended.get(2).stateGroup()));
        assertEquals(events.state(appended.get(2).stateGroup()), events.currentState(HALL));
        assertEquals(Map.of(ALICE.toString(), "join"), events.memberships(HALL));
        assertEquals(List.of("$3_hall:example.org"), events.forwardExtremities(HALL));
        assertEquals(HALL, rooms.roomOfAlias("#hall:example.org").orElseThrow());
        assertTrue(rooms.room(HALL).orElseThrow().published());
        assertEquals(appended.get(2).streamPosition(), events.currentStreamPosition());
    }

    @Test
    void aTakenAliasFailsTheWholeBatch() throws SQLException {
        assertTrue(rooms.putAlias("#hall:example.org", "!elsewhere:example.org", BOB));
        long position = events.currentStreamPosition();

        NameTakenException e = assertThrows(NameTakenException.class,
                () -> events.write(creation(HALL, "#hall:example.org")));

        assertEquals(NameTakenException.Kind.ALIAS, e.kind());
        assertEquals("#hall:example.org", e.name());
        assertNothingOf(HALL, position);
        assertEquals("!elsewhere:example.org", rooms.roomOfAlias("#hall:example.org").orElseThrow());
    }

    @Test
    void aTakenRoomIdFailsTheWholeBatch() throws SQLException {
        assertTrue(rooms.create(new Room(HALL, "12", BOB.toString(), NOW, false)));
        long position = events.currentStreamPosition();

        NameTakenException e = assertThrows(NameTakenException.class,
                () -> events.write(creation(HALL, "#hall:example.org")));

        assertEquals(NameTakenException.Kind.ROOM_ID, e.kind());
        assertEquals(0, suite.count("SELECT COUNT(*) FROM events"));
        assertTrue(rooms.roomOfAlias("#hall:example.org").isEmpty());
        assertEquals(BOB.toString(), rooms.room(HALL).orElseThrow().creator());
        assertEquals(position, events.currentStreamPosition());
    }

    @Test
    void aFailingEventFailsTheWholeBatch() throws SQLException {
        long position = events.currentStreamPosition();
        WriteBatch creation = creation(HALL, "#hall:example.org");
        NewEvent duplicate = creation.events().get(1).event(); // the same event ID twice breaks a unique key
        WriteBatch broken = new WriteBatch(creation.rooms(), List.of(creation.events().get(0), creation.events().get(1),
                next(HALL, duplicate)), List.of(), List.of(), creation.addedAliases(), Map.of(HALL, true));

        assertThrows(RuntimeException.class, () -> events.write(broken));

        assertNothingOf(HALL, position);
    }

    private void assertNothingOf(String roomId, long position) throws SQLException {
        assertTrue(rooms.room(roomId).isEmpty(), "no room row");
        assertEquals(0, suite.count("SELECT COUNT(*) FROM events"));
        assertEquals(0, suite.count("SELECT COUNT(*) FROM state_groups"));
        assertEquals(Map.of(), events.currentState(roomId));
        assertEquals(List.of(), rooms.published(0, 10));
        assertEquals(position, events.currentStreamPosition());
    }

    @Test
    void eventsOfTwoRoomsChainPerRoomInOneBatch() {
        List<Appended> created = events.write(creation(HALL, "#hall:example.org"));
        String foyer = "!foyer:example.org";
        NewEvent foyerCreate = event(foyer, 1, "m.room.create", "", "{}");
        NewEvent hallTopic = event(HALL, 4, "m.room.topic", "", "{\"topic\":\"t\"}");
        NewEvent foyerJoin = event(foyer, 2, "m.room.member", ALICE.toString(), "{\"membership\":\"join\"}");
        NewEvent hallMessage = event(HALL, 5, "m.room.message", null, "{\"body\":\"moved\"}");

        List<Appended> appended = events.write(new WriteBatch(List.of(new Room(foyer, "12", ALICE.toString(), NOW, false)),
                List.of(first(foyer, foyerCreate),
                        new Append(HALL, hallTopic, created.get(2).stateGroup(), delta(hallTopic), List.of(hallTopic.eventId())),
                        next(foyer, foyerJoin), next(HALL, hallMessage)),
                List.of(), List.of("#hall:example.org"), List.of(new WriteBatch.Alias("#hall:example.org", foyer, ALICE)),
                Map.of(HALL, false, foyer, true)));

        assertEquals(2, events.currentState(foyer).size());
        assertEquals(4, events.currentState(HALL).size());
        assertEquals(appended.get(1).stateGroup(), appended.get(3).stateGroup(), "a message keeps its room's group");
        assertEquals(events.currentState(foyer), events.state(appended.get(2).stateGroup()));
        assertEquals(foyer, rooms.roomOfAlias("#hall:example.org").orElseThrow(), "the alias moved");
        assertEquals(List.of(foyer), rooms.published(0, 10).stream().map(Room::roomId).toList());
    }

    @Test
    void stateChangesAreReadAgainOnceTheRoomsStateChanges() {
        RoomWriter hall = new RoomWriter(events, HALL);
        hall.create(ALICE);
        String join = hall.member(BOB, "join").eventId();
        assertEquals(List.of(join), ids(events.stateChanges(List.of(HALL), "m.room.member", BOB.toString())));
        hall.message(BOB, "hi");
        assertEquals(List.of(join), ids(events.stateChanges(List.of(HALL), "m.room.member", BOB.toString())));

        String leave = hall.member(BOB, "leave").eventId();

        assertEquals(List.of(join, leave), ids(events.stateChanges(List.of(HALL), "m.room.member", BOB.toString())),
                "what was kept of the first read is not served after a state event of the room");
    }

    @Test
    void aRedactionIsStoredWithTheRewriteOfItsTarget() {
        events.write(creation(HALL, "#hall:example.org"));
        StoredEvent before = events.event("$3_hall:example.org").orElseThrow();
        assertEquals(before.json(), events.stateChanges(List.of(HALL), before.type(), before.stateKey()).get(0).json());
        NewEvent redaction = new NewEvent("$r", "m.room.redaction", null, ALICE.toString(), 4, NOW + 4,
                "{\"redacts\":\"$3_hall:example.org\",\"content\":{}}", new ClientTxn("PHONE", "redact", "1"));

        events.write(new WriteBatch(List.of(), List.of(new Append(HALL, redaction,
                events.stateGroupOf("$3_hall:example.org").orElseThrow(), Map.of(), List.of("$r"))),
                List.of(new WriteBatch.Redaction("$3_hall:example.org", "{\"content\":{}}", "$r")), List.of(), List.of(),
                Map.of()));

        StoredEvent target = events.event("$3_hall:example.org").orElseThrow();
        assertEquals("{\"content\":{}}", target.json());
        assertEquals("$r", target.redactedBy());
        assertEquals("{\"content\":{}}", events.stateChanges(List.of(HALL), before.type(), before.stateKey()).get(0).json(),
                "the history read before the redaction is not served after it");
        assertEquals("$r", events.eventForTransaction(ALICE, new ClientTxn("PHONE", "redact", "1")).orElseThrow());
    }

    /** The rows of an event may wait for the transaction's next statement (DeferredRows): its redaction must find it. */
    @Test
    void anEventAndItsRedactionInOneBatchLeaveItRedacted() {
        events.write(creation(HALL, "#hall:example.org"));
        long group = events.stateGroupOf("$3_hall:example.org").orElseThrow();
        NewEvent message = new NewEvent("$m", "m.room.message", null, ALICE.toString(), 4, NOW + 4,
                "{\"content\":{\"msgtype\":\"m.text\",\"body\":\"oops\"}}", null);
        NewEvent redaction = new NewEvent("$r", "m.room.redaction", null, ALICE.toString(), 5, NOW + 5,
                "{\"redacts\":\"$m\",\"content\":{}}", null);

        events.write(new WriteBatch(List.of(), List.of(new Append(HALL, message, group, Map.of(), List.of("$m")),
                new Append(HALL, redaction, group, Map.of(), List.of("$r"))),
                List.of(new WriteBatch.Redaction("$m", "{\"content\":{}}", "$r")), List.of(), List.of(), Map.of()));

        StoredEvent target = events.event("$m").orElseThrow();
        assertEquals("{\"content\":{}}", target.json());
        assertEquals("$r", target.redactedBy());
    }

    @Test
    void stateChangesListTheHistoryOfOnePieceOfState() {
        RoomWriter hall = new RoomWriter(events, HALL);
        RoomWriter foyer = new RoomWriter(events, "!foyer:example.org");
        hall.create(ALICE);
        foyer.create(ALICE);
        String join = hall.member(BOB, "join").eventId();
        hall.message(BOB, "hi");
        String leave = hall.member(BOB, "leave").eventId();
        String foyerJoin = foyer.member(BOB, "join").eventId();
        hall.member(ALICE, "join");

        assertEquals(List.of(foyerJoin, join, leave),
                ids(events.stateChanges(List.of(HALL, "!foyer:example.org"), "m.room.member", BOB.toString())));
        assertEquals(3, events.stateChanges(List.of(HALL), "m.room.member", null).size(), "every state key");
        assertEquals(List.of(), events.stateChanges(List.of(HALL), "m.room.history_visibility", ""));
        assertEquals(List.of(), events.stateChanges(List.of(), "m.room.member", null));
    }

    @Test
    void notificationsAreWrittenWithTheirEventAtItsStreamPosition() {
        long group = events.write(creation(HALL, "#hall:example.org")).get(2).stateGroup();
        PushStore push = new SqlPushStore(suite.database, suite.unreadCounts, suite.pushSlots);
        NewEvent fromBob = new NewEvent("$bob", "m.room.message", null, BOB.toString(), 4, NOW + 4,
                "{\"content\":{\"body\":\"hi\"}}", null);
        events.write(new WriteBatch(List.of(), List.of(message(fromBob, group)), List.of(),
                List.of(), List.of(), Map.of(), List.of(new WriteBatch.Notifications(HALL, "$bob", BOB.toString(),
                        List.of(notification(ALICE, "$bob"))))));
        assertEquals(1, unread(push, ALICE));

        NewEvent fromAlice = new NewEvent("$alice", "m.room.message", null, ALICE.toString(), 5, NOW + 5,
                "{\"content\":{\"body\":\"yes\"}}", null);
        List<Appended> appended = events.write(new WriteBatch(List.of(), List.of(message(fromAlice, group)),
                List.of(), List.of(), List.of(), Map.of(), List.of(new WriteBatch.Notifications(HALL, "$alice",
                        ALICE.toString(), List.of(notification(BOB, "$alice"))))));

        assertEquals(0, unread(push, ALICE), "her own event reads the room for her");
        List<PushStore.Notification> bobs = push.notifications(BOB, Long.MAX_VALUE, 10, false);
        assertEquals(1, bobs.size());
        assertEquals(appended.get(0).streamPosition(), bobs.get(0).streamPosition(), "the event's, not the one given");
        assertEquals("$alice", bobs.get(0).eventId());
    }

    @Test
    void anEventOfABigRoomIsWrittenWithEveryNotification() {
        long group = events.write(creation(HALL, "#hall:example.org")).get(2).stateGroup();
        PushStore push = new SqlPushStore(suite.database, suite.unreadCounts, suite.pushSlots);
        List<UserId> members = IntStream.range(0, 40).mapToObj(i -> Fixtures.user("m" + i)).toList();
        NewEvent fromBob = new NewEvent("$bob", "m.room.message", null, BOB.toString(), 4, NOW + 4,
                "{\"content\":{\"body\":\"hi\"}}", null);
        List<Appended> appended = events.write(new WriteBatch(List.of(), List.of(message(fromBob, group)), List.of(),
                List.of(), List.of(), Map.of(), List.of(new WriteBatch.Notifications(HALL, "$bob", BOB.toString(),
                        members.stream().map(m -> notification(m, "$bob")).toList()))));

        for (UserId member : members) {
            List<PushStore.Notification> theirs = push.notifications(member, Long.MAX_VALUE, 10, false);
            assertEquals(1, theirs.size(), member.toString());
            assertEquals(appended.get(0).streamPosition(), theirs.get(0).streamPosition());
        }
    }

    /** An upgrade's batch: several events of one room, the last notifying nobody. */
    @Test
    void eventsOfOneRoomInABatchNotifyEachTheirOwn() {
        long group = events.write(creation(HALL, "#hall:example.org")).get(2).stateGroup();
        PushStore push = new SqlPushStore(suite.database, suite.unreadCounts, suite.pushSlots);
        UserId carol = Fixtures.user("batched");
        NewEvent first = new NewEvent("$first", "m.room.message", null, BOB.toString(), 4, NOW + 4,
                "{\"content\":{\"body\":\"one\"}}", null);
        NewEvent second = new NewEvent("$second", "m.room.message", null, BOB.toString(), 5, NOW + 5,
                "{\"content\":{\"body\":\"two\"}}", null);
        events.write(new WriteBatch(List.of(), List.of(message(first, group), message(second, group)), List.of(),
                List.of(), List.of(), Map.of(), List.of(
                        new WriteBatch.Notifications(HALL, "$first", NOW + 4, BOB.toString(), List.of(
                                new PushStore.Notified(List.of(carol.toString(), BOB.toString()), "main", false,
                                        "[\"notify\"]"))),
                        new WriteBatch.Notifications(HALL, "$second", NOW + 5, BOB.toString(), List.of()))));
        assertEquals(List.of("$first"), push.notifications(carol, Long.MAX_VALUE, 10, false).stream()
                .map(PushStore.Notification::eventId).toList());
        assertEquals(List.of(), push.notifications(BOB, Long.MAX_VALUE, 10, false), "the sender is named, not notified");
    }

    @Test
    void unreadCountsReadBeforeWritesCountEachNotificationOnce() {
        long group = events.write(creation(HALL, "#hall:example.org")).get(2).stateGroup();
        PushStore push = new SqlPushStore(suite.database, suite.unreadCounts, suite.pushSlots);
        List<UserId> members = IntStream.range(0, 20).mapToObj(i -> Fixtures.user("u" + i)).toList();
        assertEquals(0, unread(push, ALICE)); // read (and kept) before every write below
        members.forEach(m -> assertEquals(0, unread(push, m)));

        NewEvent one = new NewEvent("$one", "m.room.message", null, BOB.toString(), 4, NOW + 4,
                "{\"content\":{\"body\":\"alice!\"}}", null);
        List<PushStore.Notification> many = new ArrayList<>();
        many.add(new PushStore.Notification(ALICE.toString(), HALL, "$one", 0, "main", true, "[\"notify\"]", NOW,
                false));
        members.forEach(m -> many.add(notification(m, "$one")));
        long first = events.write(new WriteBatch(List.of(), List.of(message(one, group)), List.of(), List.of(),
                List.of(), Map.of(), List.of(new WriteBatch.Notifications(HALL, "$one", BOB.toString(), many))))
                .get(0).streamPosition();
        assertEquals(List.of(new PushStore.UnreadCount(HALL, "main", 1, 1)), push.unreadCounts(ALICE, List.of(HALL)),
                "a highlight, in a batch of many rows");
        members.forEach(m -> assertEquals(1, unread(push, m), m.toString()));

        NewEvent two = new NewEvent("$two", "m.room.message", null, BOB.toString(), 5, NOW + 5,
                "{\"content\":{\"body\":\"again\"}}", null);
        long position = events.write(new WriteBatch(List.of(), List.of(message(two, group)), List.of(), List.of(),
                List.of(), Map.of(), List.of(new WriteBatch.Notifications(HALL, "$two", BOB.toString(),
                        List.of(notification(ALICE, "$two")))))).get(0).streamPosition();
        assertEquals(2, unread(push, ALICE), "one row, in the pipeline");
        push.addNotifications(HALL, position, null, List.of(notification(ALICE, "$two")));
        assertEquals(2, unread(push, ALICE), "a notification written again is there once");
        new SqlReceiptStore(suite.database, suite.unreadCounts).putReceipt(new ReceiptStore.Receipt(HALL,
                ALICE.toString(), "m.read", null, "$one", first, NOW + 6, 0));
        assertEquals(List.of(new PushStore.UnreadCount(HALL, "main", 1, 0)), push.unreadCounts(ALICE, List.of(HALL)),
                "a receipt reads up to its event");
        assertEquals(List.of(new PushStore.UnreadCount(HALL, "main", 1, 0)),
                push.unreadCounts(members.get(0), List.of(HALL)), "another user's write changes nothing of theirs");

        NewEvent reply = new NewEvent("$reply", "m.room.message", null, ALICE.toString(), 6, NOW + 6,
                "{\"content\":{\"body\":\"yes\"}}", null);
        events.write(new WriteBatch(List.of(), List.of(message(reply, group)), List.of(), List.of(), List.of(), Map.of(),
                List.of(new WriteBatch.Notifications(HALL, "$reply", ALICE.toString(), List.of()))));
        assertEquals(0, unread(push, ALICE), "her own event reads the room for her");
    }

    /** A notification as core evaluates it: its stream position is still unknown. */
    private static PushStore.Notification notification(UserId user, String eventId) {
        return new PushStore.Notification(user.toString(), HALL, eventId, 0, "main", false, "[\"notify\"]", NOW,
                false);
    }

    private static Append message(NewEvent event, long stateGroup) {
        return new Append(HALL, event, stateGroup, Map.of(), List.of(event.eventId()));
    }

    private static long unread(PushStore push, UserId user) {
        return push.unreadCounts(user, List.of(HALL)).stream().mapToLong(PushStore.UnreadCount::notifications).sum();
    }

    private static List<String> ids(List<StoredEvent> stored) {
        return stored.stream().map(StoredEvent::eventId).toList();
    }
}
