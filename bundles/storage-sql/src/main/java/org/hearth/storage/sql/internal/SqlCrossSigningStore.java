package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CrossSigningStore} on the {@link Database}. */
@Component(service = CrossSigningStore.class)
public final class SqlCrossSigningStore implements CrossSigningStore {
    private final Database database;

    /** A device-list change of {@code target}, seen by {@code onlyFor} alone, or by everyone when null. */
    private record Change(UserId target, UserId onlyFor) {}

    @Activate
    public SqlCrossSigningStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Map<UserId, Map<String, CrossSigningKey>> keys(Collection<UserId> userIds) {
        return database.read("CrossSigningStore.keys", CrossSigningMapper.class, m -> {
            Map<UserId, Map<String, CrossSigningKey>> out = new LinkedHashMap<>();
            for (List<UserId> chunk : Chunks.of(new LinkedHashSet<>(userIds))) {
                for (CrossSigningMapper.Key k : m.keys(chunk)) {
                    out.computeIfAbsent(k.userId(), u -> new HashMap<>())
                            .put(k.usage(), new CrossSigningKey(k.usage(), k.publicKey(), k.json()));
                }
            }
            return out;
        });
    }

    @Override
    public void putKeys(UserId userId, List<CrossSigningKey> keys) {
        database.transaction("CrossSigningStore.putKeys", session -> {
            CrossSigningMapper mapper = session.getMapper(CrossSigningMapper.class);
            Map<String, String> before = new HashMap<>();
            mapper.keys(List.of(userId)).forEach(k -> before.put(k.usage(), k.publicKey()));
            for (CrossSigningKey key : keys) {
                String old = before.get(key.usage());
                if (old != null && !old.equals(key.publicKey())) {
                    mapper.deleteSignaturesOver(userId, old);
                }
                mapper.putKey(userId, key);
            }
            if (keys.stream().allMatch(k -> USER_SIGNING.equals(k.usage()))) {
                DeviceListChanges.toOne(database, session, userId, userId);
            } else {
                DeviceListChanges.toEveryone(database, session, userId);
            }
            return null;
        });
    }

    @Override
    public void addSignatures(List<Signature> signatures) {
        database.transaction("CrossSigningStore.addSignatures", session -> {
            CrossSigningMapper mapper = session.getMapper(CrossSigningMapper.class);
            Set<Change> changes = new LinkedHashSet<>();
            for (Signature s : signatures) {
                mapper.putSignature(s);
                // Only the signer sees a signature over another user's key (see CrossSigningMapper.signatures).
                changes.add(new Change(s.target(), s.signer().equals(s.target()) ? null : s.signer()));
            }
            for (Change change : changes) {
                if (change.onlyFor() == null) {
                    DeviceListChanges.toEveryone(database, session, change.target());
                } else {
                    DeviceListChanges.toOne(database, session, change.target(), change.onlyFor());
                }
            }
            return null;
        });
    }

    @Override
    public List<Signature> signatures(Collection<UserId> targets, UserId viewer) {
        return database.read("CrossSigningStore.signatures", CrossSigningMapper.class, m -> {
            List<Signature> out = new ArrayList<>();
            for (List<UserId> chunk : Chunks.of(new LinkedHashSet<>(targets))) {
                out.addAll(m.signatures(chunk, viewer));
            }
            return out;
        });
    }
}
