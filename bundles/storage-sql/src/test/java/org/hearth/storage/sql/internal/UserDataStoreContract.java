package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.api.spi.storage.UserDataStore.AccountData;
import org.junit.jupiter.api.Test;

/** The {@link UserDataStore} contract; run by {@link StoreSuite} on each database. */
abstract class UserDataStoreContract {
    final UserDataStore userData;
    final EventStore events;

    UserDataStoreContract(StoreSuite suite) {
        userData = new SqlUserDataStore(suite.database);
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    @Test
    void filtersAreKeptPerUser() {
        String first = userData.putFilter(ALICE, "{\"room\":{\"timeline\":{\"limit\":10}}}");
        String second = userData.putFilter(ALICE, "{}");

        assertNotEquals(first, second);
        assertEquals("{\"room\":{\"timeline\":{\"limit\":10}}}", userData.filter(ALICE, first).orElseThrow());
        assertEquals("{}", userData.filter(ALICE, second).orElseThrow());
        assertTrue(userData.filter(BOB, first).isEmpty(), "another user's filter");
        assertTrue(userData.filter(ALICE, "not-an-id").isEmpty());
        assertTrue(userData.filter(ALICE, "987654321").isEmpty());
    }

    @Test
    void accountDataIsGlobalOrPerRoomAndReplaced() {
        userData.putAccountData(ALICE, null, "m.direct", "{\"v\":1}");
        userData.putAccountData(ALICE, "!a:example.org", "m.tag", "{\"tags\":{}}");
        userData.putAccountData(ALICE, null, "m.direct", "{\"v\":2}");

        assertEquals("{\"v\":2}", userData.accountData(ALICE, null, "m.direct").orElseThrow());
        assertEquals("{\"tags\":{}}", userData.accountData(ALICE, "!a:example.org", "m.tag").orElseThrow());
        assertTrue(userData.accountData(ALICE, "!a:example.org", "m.direct").isEmpty());
        assertTrue(userData.accountData(ALICE, null, "m.tag").isEmpty());
        assertTrue(userData.accountData(BOB, null, "m.direct").isEmpty());
    }

    @Test
    void changedAccountDataIsListedInStreamOrder() {
        long direct = userData.putAccountData(ALICE, null, "m.direct", "{}");
        long tag = userData.putAccountData(ALICE, "!a:example.org", "m.tag", "{}");
        userData.putAccountData(BOB, null, "m.direct", "{}");
        long directAgain = userData.putAccountData(ALICE, null, "m.direct", "{\"v\":2}");
        long upTo = events.currentStreamPosition();

        assertTrue(direct < tag && tag < directAgain, direct + " < " + tag + " < " + directAgain);
        assertEquals(List.of(new AccountData("!a:example.org", "m.tag", "{}", tag),
                        new AccountData(null, "m.direct", "{\"v\":2}", directAgain)),
                userData.accountDataChanged(ALICE, 0, upTo));
        assertEquals(List.of(new AccountData(null, "m.direct", "{\"v\":2}", directAgain)),
                userData.accountDataChanged(ALICE, tag, upTo));
        assertEquals(List.of(new AccountData("!a:example.org", "m.tag", "{}", tag)),
                userData.accountDataChanged(ALICE, direct, tag));
        assertEquals(List.of(), userData.accountDataChanged(ALICE, directAgain, upTo));
    }

    @Test
    void forgottenRoomsCanBeUnforgotten() {
        userData.forget(ALICE, "!b:example.org");
        userData.forget(ALICE, "!a:example.org");
        userData.forget(ALICE, "!a:example.org");
        userData.forget(BOB, "!c:example.org");

        assertEquals(List.of("!a:example.org", "!b:example.org"), userData.forgottenRooms(ALICE));

        userData.unforget(ALICE, "!a:example.org");
        userData.unforget(ALICE, "!z:example.org");

        assertEquals(List.of("!b:example.org"), userData.forgottenRooms(ALICE));
        assertEquals(List.of("!c:example.org"), userData.forgottenRooms(BOB));
    }
}
