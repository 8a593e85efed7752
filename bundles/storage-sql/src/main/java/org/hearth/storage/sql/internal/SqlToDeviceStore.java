package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ToDeviceStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link ToDeviceStore} on the {@link Database}. */
@Component(service = ToDeviceStore.class)
public final class SqlToDeviceStore implements ToDeviceStore {
    private static final String WILDCARD = "*";

    private final Database database;

    @Activate
    public SqlToDeviceStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public OptionalLong enqueue(UserId sender, String senderDevice, String txnId, String type,
                                List<Recipient> recipients, long now, long forgetTxnBefore) {
        return database.transaction("ToDeviceStore.enqueue", session -> {
            ToDeviceMapper messages = session.getMapper(ToDeviceMapper.class);
            messages.forgetTransactions(sender, senderDevice, forgetTxnBefore);
            if (messages.claimTransaction(sender, senderDevice, txnId, now) == 0) {
                return OptionalLong.empty();
            }
            long position = database.nextE2ePosition(session, E2eStreamMapper.TO_DEVICE);
            // Explicit devices first: a wildcard then skips the devices that already have their message.
            Map<Boolean, List<Recipient>> byWildcard = recipients.stream()
                    .collect(Collectors.partitioningBy(r -> WILDCARD.equals(r.deviceId())));
            for (boolean wildcard : new boolean[] {false, true}) {
                for (List<Recipient> chunk : Chunks.of(byWildcard.get(wildcard))) {
                    messages.insert(chunk, position, sender, type);
                }
            }
            return OptionalLong.of(position);
        });
    }

    @Override
    public long currentPosition() {
        return database.currentE2ePosition(E2eStreamMapper.TO_DEVICE);
    }

    @Override
    public List<Message> pending(UserId userId, String deviceId, long after, long upTo, int limit) {
        return database.read("ToDeviceStore.pending", ToDeviceMapper.class,
                m -> m.pending(userId, deviceId, after, upTo, limit));
    }

    @Override
    public void acknowledge(UserId userId, String deviceId, long upTo) {
        // Every sync acknowledges: look before taking a write (SQLite has one writer).
        if (database.read("ToDeviceStore.acknowledge", ToDeviceMapper.class, m -> m.anyUpTo(userId, deviceId, upTo))) {
            database.write("ToDeviceStore.acknowledge", ToDeviceMapper.class, m -> m.deleteUpTo(userId, deviceId, upTo));
        }
    }
}
