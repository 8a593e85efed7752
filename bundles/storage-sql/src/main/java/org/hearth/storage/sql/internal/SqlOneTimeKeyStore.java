package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link OneTimeKeyStore} on the {@link Database}. */
@Component(service = OneTimeKeyStore.class)
public final class SqlOneTimeKeyStore implements OneTimeKeyStore {
    private final Database database;

    @Activate
    public SqlOneTimeKeyStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Map<String, String> oneTimeKeys(UserId userId, String deviceId, Collection<String> keyIds) {
        return database.read("OneTimeKeyStore.oneTimeKeys", OneTimeKeyMapper.class, m -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (List<String> chunk : Chunks.of(keyIds)) {
                m.find(userId, deviceId, chunk).forEach(k -> out.put(k.keyId(), k.json()));
            }
            return out;
        });
    }

    @Override
    public void addOneTimeKeys(UserId userId, String deviceId, List<OneTimeKey> keys) {
        database.write("OneTimeKeyStore.addOneTimeKeys", OneTimeKeyMapper.class, m ->
                keys.forEach(k -> m.insert(userId, deviceId, k.algorithm(), k.keyId(), k.keyJson())));
    }

    @Override
    public Map<String, Integer> oneTimeKeyCounts(UserId userId, String deviceId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        database.read("OneTimeKeyStore.oneTimeKeyCounts", OneTimeKeyMapper.class, m -> m.counts(userId, deviceId))
                .forEach(c -> out.put(c.algorithm(), c.count()));
        return out;
    }

    @Override
    public void putFallbackKey(UserId userId, String deviceId, String algorithm, String keyId, String keyJson) {
        database.write("OneTimeKeyStore.putFallbackKey", OneTimeKeyMapper.class,
                m -> m.putFallback(userId, deviceId, algorithm, keyId, keyJson));
    }

    @Override
    public List<String> unusedFallbackKeyAlgorithms(UserId userId, String deviceId) {
        return database.read("OneTimeKeyStore.unusedFallbackKeyAlgorithms", OneTimeKeyMapper.class,
                m -> m.unusedFallbackAlgorithms(userId, deviceId));
    }

    @Override
    public List<ClaimedKey> claim(List<Claim> claims) {
        return database.writeResult("OneTimeKeyStore.claim", OneTimeKeyMapper.class, m -> {
            List<ClaimedKey> out = new ArrayList<>();
            for (Claim c : claims) {
                Optional<OneTimeKeyMapper.Key> key = m.takeOldest(c.userId(), c.deviceId(), c.algorithm());
                if (key.isEmpty()) {
                    key = m.useFallback(c.userId(), c.deviceId(), c.algorithm());
                }
                key.ifPresent(k -> out.add(new ClaimedKey(c.userId(), c.deviceId(), k.keyId(), k.json())));
            }
            return out;
        });
    }
}
