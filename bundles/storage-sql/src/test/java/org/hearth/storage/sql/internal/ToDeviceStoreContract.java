package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.Fixtures.hash;
import static org.hearth.storage.sql.internal.Fixtures.session;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.ToDeviceStore;
import org.hearth.api.spi.storage.ToDeviceStore.Message;
import org.hearth.api.spi.storage.ToDeviceStore.Recipient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ToDeviceStore} contract; run by {@link StoreSuite} on each database. */
abstract class ToDeviceStoreContract {
    final ToDeviceStore toDevice;
    final DeviceStore devices;

    ToDeviceStoreContract(StoreSuite suite) {
        toDevice = new SqlToDeviceStore(suite.database);
        devices = new SqlDeviceStore(suite.database, suite.keyCounts);
    }

    @BeforeEach
    void devices() {
        devices.createSession(session(ALICE, "A1", hash(), null));
        devices.createSession(session(BOB, "B1", hash(), null));
        devices.createSession(session(BOB, "B2", hash(), null));
    }

    long send(String txnId, List<Recipient> recipients) {
        return toDevice.enqueue(ALICE, "A1", txnId, "m.test", recipients, NOW, NOW - 1000).orElseThrow();
    }

    @Test
    void messagesReachTheNamedDevicesOrAllOfThemOnce() {
        long start = toDevice.currentPosition();
        long first = send("t1", List.of(new Recipient(BOB, "B1", "{\"n\":1}"), new Recipient(BOB, "NOPE", "{\"n\":0}")));
        long second = send("t2", List.of(new Recipient(BOB, "*", "{\"n\":2}"), new Recipient(BOB, "B2", "{\"n\":3}")));

        assertTrue(start < first && first < second);
        assertEquals(second, toDevice.currentPosition());
        assertEquals(List.of(new Message(first, ALICE, "m.test", "{\"n\":1}"), new Message(second, ALICE, "m.test", "{\"n\":2}")),
                toDevice.pending(BOB, "B1", start, second, 100));
        assertEquals(List.of(new Message(second, ALICE, "m.test", "{\"n\":3}")), toDevice.pending(BOB, "B2", start, second, 100),
                "the device named explicitly gets its own message, not the wildcard's");
        assertEquals(List.of(), toDevice.pending(BOB, "NOPE", start, second, 100));
    }

    @Test
    void aTransactionIdIsUsedOncePerSendingDevice() {
        long start = toDevice.currentPosition();
        send("same", List.of(new Recipient(BOB, "B1", "{\"n\":1}")));
        OptionalLong again = toDevice.enqueue(ALICE, "A1", "same", "m.test", List.of(new Recipient(BOB, "B1", "{\"n\":2}")),
                NOW, NOW - 1000);
        OptionalLong otherDevice = toDevice.enqueue(BOB, "B2", "same", "m.test", List.of(new Recipient(BOB, "B1", "{\"n\":3}")),
                NOW, NOW - 1000);

        assertTrue(again.isEmpty());
        assertTrue(otherDevice.isPresent());
        assertEquals(2, toDevice.pending(BOB, "B1", start, toDevice.currentPosition(), 100).size());

        OptionalLong muchLater = toDevice.enqueue(ALICE, "A1", "same", "m.test", List.of(new Recipient(BOB, "B1", "{}")),
                NOW + 10_000, NOW + 5_000);
        assertTrue(muchLater.isPresent(), "an old transaction ID is forgotten");
    }

    @Test
    void pendingIsBoundedAndAcknowledgedMessagesGo() {
        long start = toDevice.currentPosition();
        for (int i = 0; i < 5; i++) {
            send("t" + i, List.of(new Recipient(BOB, "B1", "{\"n\":" + i + "}")));
        }
        long end = toDevice.currentPosition();
        List<Message> firstThree = toDevice.pending(BOB, "B1", start, end, 3);
        assertEquals(3, firstThree.size());
        assertEquals(2, toDevice.pending(BOB, "B1", firstThree.get(2).position(), end, 3).size());
        assertEquals(List.of(), toDevice.pending(BOB, "B1", start, start, 3), "nothing above upTo");

        toDevice.acknowledge(BOB, "B1", firstThree.get(2).position());
        assertEquals(2, toDevice.pending(BOB, "B1", start, end, 100).size());
        toDevice.acknowledge(BOB, "B1", end);
        assertEquals(List.of(), toDevice.pending(BOB, "B1", start, end, 100));
        toDevice.acknowledge(BOB, "B1", end); // nothing left: no write
    }

    @Test
    void deletingTheDeviceDeletesItsMessages() {
        long start = toDevice.currentPosition();
        send("t1", List.of(new Recipient(BOB, "*", "{}")));
        devices.deleteDevices(BOB, List.of("B1"));
        devices.createSession(session(BOB, "B1", hash(), null));

        assertEquals(List.of(), toDevice.pending(BOB, "B1", start, toDevice.currentPosition(), 100));
        assertEquals(1, toDevice.pending(BOB, "B2", start, toDevice.currentPosition(), 100).size());
    }
}
