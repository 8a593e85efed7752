package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Read receipts (Client-Server API, "Receipts"): per room, user, receipt type and thread the one
 * event read up to. Receipts take their positions from the event stream's counter, as account
 * data does, so one sync position covers events, account data and receipts.
 */
@ConsumerType
public interface ReceiptStore {

    /**
     * Stores the receipt unless the user's receipt of the same room, type and thread already
     * points at a later event (receipts only move forward). An {@code m.read} or
     * {@code m.read.private} receipt marks the user's notifications ({@link PushStore}) up to its
     * event read: in its thread, or in every thread when unthreaded.
     *
     * @return the stream position of the change, or 0 when the receipt was behind and not stored
     */
    long putReceipt(Receipt receipt);

    /** The receipts changed in (after, upTo] in the rooms, oldest first; all current ones when after is 0. */
    List<Receipt> receiptsChanged(Collection<String> roomIds, long after, long upTo);

    /**
     * One receipt; {@code threadId} null when unthreaded. {@code eventPosition} is the stream
     * position of the event read up to; {@code streamPosition} is the receipt's own (ignored by
     * {@link #putReceipt}).
     */
    record Receipt(String roomId, String userId, String type, String threadId, String eventId, long eventPosition,
                   long ts, long streamPosition) {}
}
