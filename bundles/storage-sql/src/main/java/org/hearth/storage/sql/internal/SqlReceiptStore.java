package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hearth.api.spi.storage.ReceiptStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link ReceiptStore} on the {@link Database}; positions from the event stream's counter. */
@Component(service = ReceiptStore.class)
public final class SqlReceiptStore implements ReceiptStore {
    private final Database database;

    @Activate
    public SqlReceiptStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public long putReceipt(Receipt receipt) {
        String thread = receipt.threadId() == null ? "" : receipt.threadId();
        return database.transaction("ReceiptStore.putReceipt", session -> {
            long position = session.getMapper(StreamMapper.class).next();
            int changed = session.getMapper(ReceiptMapper.class).put(receipt, thread, position);
            return changed == 0 ? 0L : position;
        });
    }

    @Override
    public List<Receipt> receiptsChanged(Collection<String> roomIds, long after, long upTo) {
        List<Receipt> out = new ArrayList<>();
        for (List<String> chunk : Chunks.of(roomIds)) {
            out.addAll(database.read("ReceiptStore.receiptsChanged", ReceiptMapper.class,
                    m -> m.changed(chunk, after, upTo)));
        }
        return out;
    }
}
