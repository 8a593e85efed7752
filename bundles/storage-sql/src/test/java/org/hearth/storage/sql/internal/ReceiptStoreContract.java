package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hearth.api.spi.storage.ReceiptStore;
import org.hearth.api.spi.storage.ReceiptStore.Receipt;
import org.junit.jupiter.api.Test;

/** The {@link ReceiptStore} contract; run by {@link StoreSuite} on each database. */
abstract class ReceiptStoreContract {
    final ReceiptStore receipts;

    ReceiptStoreContract(StoreSuite suite) {
        receipts = new SqlReceiptStore(suite.database, suite.unreadCounts);
    }

    @Test
    void receiptsChangedReadsANarrowRangeAsRoomByRoom() {
        String a = "!a" + System.nanoTime() + ":example.org";
        String b = "!b" + System.nanoTime() + ":example.org";
        long first = receipts.putReceipt(new Receipt(a, ALICE.toString(), "m.read", null, "$one", 1, 10, 0));
        long second = receipts.putReceipt(new Receipt(b, ALICE.toString(), "m.read", null, "$two", 2, 20, 0));
        long third = receipts.putReceipt(new Receipt(a, BOB.toString(), "m.read", "$thread", "$three", 3, 30, 0));
        List<String> few = List.of(b, a);
        // more rooms than positions: read by the range, filtered by the rooms
        List<String> many = new ArrayList<>(few);
        for (int i = 0; i < third + 10; i++) {
            many.add("!other" + i + ":example.org");
        }
        for (long[] range : new long[][] {{0, third}, {first - 1, second}, {second, third}, {third, third}}) {
            assertEquals(receipts.receiptsChanged(few, range[0], range[1]),
                    receipts.receiptsChanged(many, range[0], range[1]), "(" + range[0] + ", " + range[1] + "]");
        }
        assertEquals(List.of(new Receipt(a, BOB.toString(), "m.read", "$thread", "$three", 3, 30, third)),
                receipts.receiptsChanged(many, second, third));
    }
}
