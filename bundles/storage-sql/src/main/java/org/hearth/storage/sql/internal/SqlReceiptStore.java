package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.spi.storage.ReceiptStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link ReceiptStore} on the {@link Database}; positions from the event stream's counter. */
@Component(service = ReceiptStore.class)
public final class SqlReceiptStore implements ReceiptStore {
    /** The receipt types that mark notifications read (Client-Server API, "Receiving notifications"). */
    private static final Set<String> READS = Set.of("m.read", "m.read.private");
    private final Database database;
    private final UnreadCountsKept unreadCounts;

    @Activate
    public SqlReceiptStore(@Reference Database database, @Reference UnreadCountsKept unreadCounts) {
        this.database = database;
        this.unreadCounts = unreadCounts;
    }

    @Override
    public long putReceipt(Receipt receipt) {
        String thread = receipt.threadId() == null ? "" : receipt.threadId();
        try (UnreadCountsKept.Write counts = unreadCounts.begin(List.of(receipt.roomId()))) {
            long written = database.transaction("ReceiptStore.putReceipt", session -> {
                counts.restart();
                long position = database.nextEventPosition(session);
                int changed = session.getMapper(ReceiptMapper.class).put(receipt, thread, position);
                if (changed > 0 && READS.contains(receipt.type())) {
                    session.getMapper(PushMapper.class).markRead(receipt.userId(), receipt.roomId(), thread,
                            receipt.eventPosition());
                    counts.markedRead(receipt.userId(), receipt.roomId());
                }
                return changed == 0 ? 0L : position;
            });
            counts.committed();
            return written;
        }
    }

    @Override
    public List<Receipt> receiptsChanged(Collection<String> roomIds, long after, long upTo) {
        Optional<Set<String>> wanted = StreamRange.narrowerThan(roomIds, after, upTo);
        if (wanted.isPresent()) {
            return database.read("ReceiptStore.receiptsChanged", ReceiptMapper.class, m -> m.changed(null, after, upTo))
                    .stream().filter(r -> wanted.get().contains(r.roomId())).toList();
        }
        List<Receipt> out = new ArrayList<>();
        for (List<String> chunk : Chunks.of(roomIds)) {
            out.addAll(database.read("ReceiptStore.receiptsChanged", ReceiptMapper.class,
                    m -> m.changed(chunk, after, upTo)));
        }
        return out;
    }
}
