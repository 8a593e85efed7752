package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link OneTimeKeyStore} on the {@link Database}. */
@Component(service = OneTimeKeyStore.class)
public final class SqlOneTimeKeyStore implements OneTimeKeyStore {
    private static final String COUNTS = "counts";
    private static final String UNUSED_FALLBACK = "unusedFallback";

    private final Database database;
    private final KeyCountsKept kept;

    @Activate
    public SqlOneTimeKeyStore(@Reference Database database, @Reference KeyCountsKept kept) {
        this.database = database;
        this.kept = kept;
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
        try (WritesUnderWay.Begun write = kept.begin(List.of(userId))) {
            database.write("OneTimeKeyStore.addOneTimeKeys", OneTimeKeyMapper.class, m ->
                    keys.forEach(k -> m.insert(userId, deviceId, k.algorithm(), k.keyId(), k.keyJson())));
        }
    }

    @Override
    public Map<String, Integer> oneTimeKeyCounts(UserId userId, String deviceId) {
        return kept.get(userId, deviceId, COUNTS, () -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            database.read("OneTimeKeyStore.oneTimeKeyCounts", OneTimeKeyMapper.class, m -> m.counts(userId, deviceId))
                    .forEach(c -> out.put(c.algorithm(), c.count()));
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public void putFallbackKey(UserId userId, String deviceId, String algorithm, String keyId, String keyJson) {
        try (WritesUnderWay.Begun write = kept.begin(List.of(userId))) {
            database.write("OneTimeKeyStore.putFallbackKey", OneTimeKeyMapper.class,
                    m -> m.putFallback(userId, deviceId, algorithm, keyId, keyJson));
        }
    }

    @Override
    public List<String> unusedFallbackKeyAlgorithms(UserId userId, String deviceId) {
        return kept.get(userId, deviceId, UNUSED_FALLBACK, () -> List.copyOf(database.read(
                "OneTimeKeyStore.unusedFallbackKeyAlgorithms", OneTimeKeyMapper.class,
                m -> m.unusedFallbackAlgorithms(userId, deviceId))));
    }

    /**
     * One statement per {@link Chunks#SIZE} claims for the one-time keys, one more for the fallback
     * keys of those left without. A device claimed several times in one call is served in rounds,
     * one key per round.
     */
    @Override
    public List<ClaimedKey> claim(List<Claim> claims) {
        List<List<Claim>> rounds = new ArrayList<>();
        Map<Claim, Integer> seen = new HashMap<>();
        for (Claim c : claims) {
            int round = seen.merge(c, 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(c);
        }
        try (WritesUnderWay.Begun write = kept.begin(claims.stream().map(Claim::userId).distinct().toList())) {
            return claim(rounds, claims);
        }
    }

    private List<ClaimedKey> claim(List<List<Claim>> rounds, List<Claim> claims) {
        return database.writeResult("OneTimeKeyStore.claim", OneTimeKeyMapper.class, m -> {
            List<Map<Claim, OneTimeKeyMapper.Claimed>> got = new ArrayList<>();
            for (List<Claim> round : rounds) {
                got.add(claimOnce(m, round));
            }
            List<ClaimedKey> out = new ArrayList<>();
            Map<Claim, Integer> served = new HashMap<>();
            for (Claim c : claims) {
                OneTimeKeyMapper.Claimed k = got.get(served.merge(c, 1, Integer::sum) - 1).get(c);
                if (k != null) {
                    out.add(new ClaimedKey(c.userId(), c.deviceId(), k.keyId(), k.json()));
                }
            }
            return out;
        });
    }

    /**
     * Claims of distinct devices: one key each, if there is one. In key order, so that concurrent
     * claims lock fallback keys in the same order (see {@link OneTimeKeyMapper#useFallback}).
     */
    private static Map<Claim, OneTimeKeyMapper.Claimed> claimOnce(OneTimeKeyMapper m, List<Claim> claims) {
        Map<Claim, OneTimeKeyMapper.Claimed> got = new HashMap<>();
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(Comparator.comparing((Claim c) -> c.userId().toString()).thenComparing(Claim::deviceId)
                .thenComparing(Claim::algorithm));
        for (List<Claim> chunk : Chunks.of(sorted)) {
            m.takeOldest(chunk).forEach(k -> got.put(new Claim(k.userId(), k.deviceId(), k.algorithm()), k));
            List<Claim> without = chunk.stream().filter(c -> !got.containsKey(c)).toList();
            if (!without.isEmpty()) {
                m.useFallback(without).forEach(k -> got.put(new Claim(k.userId(), k.deviceId(), k.algorithm()), k));
            }
        }
        return got;
    }
}
