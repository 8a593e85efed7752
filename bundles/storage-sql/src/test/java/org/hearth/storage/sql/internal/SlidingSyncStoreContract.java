package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.SlidingSyncStore;
import org.hearth.api.spi.storage.WriteBatch;
import org.junit.jupiter.api.Test;

/** The {@link SlidingSyncStore} contract; run by {@link StoreSuite} on each database. */
abstract class SlidingSyncStoreContract {
    final SlidingSyncStore store;
    final SqlEventStore events;

    SlidingSyncStoreContract(StoreSuite suite) {
        store = new SqlSlidingSyncStore(suite.database);
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    private static Optional<String> state(SlidingSyncStore store, UserId user, String device, String conn, long pos) {
        return store.connectionState(user, device, conn, pos).map(SlidingSyncStore.Saved::stateJson);
    }

    @Test
    void statesAreKeptPerPosAndOlderOnesDropped() {
        store.saveConnectionState(ALICE, "D", "main", 1, "{\"a\":1}", 1, 1000);
        store.saveConnectionState(ALICE, "D", "main", 2, "{\"a\":2}", 1, 1001);
        assertEquals(Optional.of("{\"a\":1}"), state(store, ALICE, "D", "main", 1), "kept for a retry");
        assertEquals(1001, store.connectionState(ALICE, "D", "main", 2).orElseThrow().savedAt());
        store.saveConnectionState(ALICE, "D", "main", 3, "{\"a\":3}", 2, 1002);
        assertEquals(Optional.empty(), state(store, ALICE, "D", "main", 1));
        assertEquals(Optional.of("{\"a\":2}"), state(store, ALICE, "D", "main", 2));
        assertEquals(Optional.empty(), state(store, BOB, "D", "main", 3), "another user's");
        assertEquals(Optional.empty(), state(store, ALICE, "E", "main", 3), "another device's");
        assertEquals(Optional.empty(), state(store, ALICE, "D", "other", 3), "another connection's");
        assertEquals(0, store.startConnection(ALICE, "D", "other", 10, 0));
        assertEquals(3, store.startConnection(ALICE, "D", "main", 10, 0), "starting over continues above");
        assertEquals(Optional.empty(), state(store, ALICE, "D", "main", 3));
    }

    @Test
    void aDeviceKeepsItsNewestConnectionsAndIdleOnesExpire() {
        for (int i = 0; i < 5; i++) {
            store.saveConnectionState(ALICE, "D", "c" + i, 1, "{}", 1, 1000 + i);
        }
        store.saveConnectionState(BOB, "D", "c0", 1, "{}", 1, 1000);
        store.startConnection(ALICE, "D", "new", 3, 0);
        assertEquals(List.of(false, false, true, true, true),
                List.of(0, 1, 2, 3, 4).stream().map(i -> state(store, ALICE, "D", "c" + i, 1).isPresent()).toList());
        store.startConnection(ALICE, "D", "new", 3, 1004);
        assertEquals(Optional.empty(), state(store, BOB, "D", "c0", 1), "idle since before 1004");
        assertEquals(Optional.empty(), state(store, ALICE, "D", "c3", 1));
        assertEquals(Optional.of("{}"), state(store, ALICE, "D", "c4", 1));
    }

    @Test
    void latestOfTypesGivesEachRoomsNewestEventOfTheTypesInTheRoom() {
        RoomWriter hall = new RoomWriter(events, "!hall:example.org");
        RoomWriter quiet = new RoomWriter(events, "!quiet:example.org");
        RoomWriter.Sent hallCreate = hall.create(ALICE);
        RoomWriter.Sent quietCreate = quiet.create(ALICE);
        hall.member(ALICE, "join");
        RoomWriter.Sent message = hall.message(ALICE, "hi");
        RoomWriter.Sent bobJoin = hall.member(BOB, "join"); // not a bump type
        // Hidden from the room (MSC4186 "proper" activity is what members see): not counted.
        NewEvent e = hall.event("m.room.message", null, BOB, Map.of("body", "spam"), null);
        events.write(WriteBatch.of(List.of(new WriteBatch.Append(hall.roomId, new NewEvent("$softFailed", e.type(),
                e.stateKey(), e.sender(), e.depth(), e.originServerTs(), e.json(), e.txn()), bobJoin.stateGroup(),
                Map.of(), List.of(bobJoin.eventId()), new EventPlacement(List.of(bobJoin.eventId()), List.of(),
                EventPlacement.Status.SOFT_FAILED, null, Map.of(), Map.of())))));
        quiet.member(ALICE, "join");
        List<String> types = List.of("m.room.create", "m.room.message");
        assertEquals(Map.of("!hall:example.org", message.streamPosition(), "!quiet:example.org", quietCreate.streamPosition()),
                store.latestOfTypes(List.of("!hall:example.org", "!quiet:example.org", "!none:example.org"), types,
                        Long.MAX_VALUE));
        assertEquals(Map.of("!hall:example.org", hallCreate.streamPosition()),
                store.latestOfTypes(List.of("!hall:example.org"), types, message.streamPosition() - 1), "up to");
    }
}
