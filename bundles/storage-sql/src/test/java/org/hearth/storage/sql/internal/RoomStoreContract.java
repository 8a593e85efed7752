package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.junit.jupiter.api.Test;

/** The {@link RoomStore} contract; run by {@link StoreSuite} on each database. */
abstract class RoomStoreContract {
    final RoomStore rooms;

    RoomStoreContract(StoreSuite suite) {
        rooms = new SqlRoomStore(suite.database);
    }

    static Room room(String roomId) {
        return new Room(roomId, "12", "@alice:example.org", NOW, false);
    }

    @Test
    void createdRoomIsFoundAndNotCreatedTwice() {
        Room room = new Room("!a:example.org", "11", "@alice:example.org", NOW, true);
        assertTrue(rooms.create(room));
        assertFalse(rooms.create(room("!a:example.org")));
        assertEquals(room, rooms.room("!a:example.org").orElseThrow());
        assertTrue(rooms.room("!nowhere:example.org").isEmpty());
    }

    @Test
    void publishedRoomsAreOrderedByIdAndPaged() {
        for (String id : List.of("!d:example.org", "!b:example.org", "!a:example.org", "!c:example.org", "!e:example.org")) {
            rooms.create(room(id));
        }
        rooms.setPublished("!d:example.org", true);
        rooms.setPublished("!b:example.org", true);
        rooms.setPublished("!e:example.org", true);
        rooms.setPublished("!a:example.org", true);
        rooms.setPublished("!a:example.org", false);

        assertEquals(List.of("!b:example.org", "!d:example.org"), ids(rooms.published(0, 2)));
        assertEquals(List.of("!e:example.org"), ids(rooms.published(2, 2)));
        assertEquals(List.of(), rooms.published(3, 2));
        assertTrue(rooms.room("!d:example.org").orElseThrow().published());
        assertFalse(rooms.room("!a:example.org").orElseThrow().published());
    }

    @Test
    void aliasesMapToRoomsAndRememberTheirCreator() {
        assertTrue(rooms.putAlias("#hall:example.org", "!a:example.org", StoreSuite.ALICE));
        assertTrue(rooms.putAlias("#foyer:example.org", "!a:example.org", StoreSuite.BOB));
        assertFalse(rooms.putAlias("#hall:example.org", "!b:example.org", StoreSuite.BOB), "taken");

        assertEquals("!a:example.org", rooms.roomOfAlias("#hall:example.org").orElseThrow());
        assertEquals(StoreSuite.ALICE, rooms.aliasCreator("#hall:example.org").orElseThrow());
        assertEquals(StoreSuite.BOB, rooms.aliasCreator("#foyer:example.org").orElseThrow());
        assertEquals(List.of("#foyer:example.org", "#hall:example.org"), rooms.aliases("!a:example.org"));
        assertEquals(List.of(), rooms.aliases("!b:example.org"));
        assertTrue(rooms.roomOfAlias("#nowhere:example.org").isEmpty());
        assertTrue(rooms.aliasCreator("#nowhere:example.org").isEmpty());
    }

    @Test
    void deletedAliasIsFreeAgain() {
        rooms.putAlias("#hall:example.org", "!a:example.org", StoreSuite.ALICE);

        assertTrue(rooms.deleteAlias("#hall:example.org"));
        assertFalse(rooms.deleteAlias("#hall:example.org"));

        assertTrue(rooms.roomOfAlias("#hall:example.org").isEmpty());
        assertEquals(List.of(), rooms.aliases("!a:example.org"));
        assertTrue(rooms.putAlias("#hall:example.org", "!b:example.org", StoreSuite.BOB));
        assertEquals("!b:example.org", rooms.roomOfAlias("#hall:example.org").orElseThrow());
    }

    private static List<String> ids(List<Room> rooms) {
        return rooms.stream().map(Room::roomId).toList();
    }
}
