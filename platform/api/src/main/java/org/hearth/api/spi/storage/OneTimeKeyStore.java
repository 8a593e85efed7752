package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One-time and fallback keys of devices (Client-Server API, "One-time and fallback keys"). They go
 * with their device: deleting it through {@link DeviceStore#deleteDevices} deletes them.
 */
@ConsumerType
public interface OneTimeKeyStore {

    /** Of the key IDs ({@code <algorithm>:<key_id>}), those the device holds: key ID → stored JSON. */
    Map<String, String> oneTimeKeys(UserId userId, String deviceId, Collection<String> keyIds);

    /**
     * Adds one-time keys, remembered in upload order. A key whose ID the device already holds is
     * left as it is.
     */
    void addOneTimeKeys(UserId userId, String deviceId, List<OneTimeKey> keys);

    /** An uploaded key: its algorithm, its ID ({@code <algorithm>:<key_id>}) and its JSON. */
    record OneTimeKey(String algorithm, String keyId, String keyJson) {}

    /** Unclaimed one-time keys of the device per algorithm; algorithms without keys are absent. */
    Map<String, Integer> oneTimeKeyCounts(UserId userId, String deviceId);

    /**
     * Sets the device's fallback key for its algorithm, replacing the one there. A replacement is
     * unused; uploading the very key already stored (same ID and JSON) keeps its used flag.
     */
    void putFallbackKey(UserId userId, String deviceId, String algorithm, String keyId, String keyJson);

    /** The algorithms of the device's fallback keys that no claim has handed out yet. */
    List<String> unusedFallbackKeyAlgorithms(UserId userId, String deviceId);

    /**
     * Claims keys in one transaction, for each request: the device's oldest one-time key of the
     * algorithm, which is deleted (never handed out twice, also under concurrent claims), else its
     * fallback key of the algorithm, which stays and is marked used. Requests for unknown devices
     * or algorithms without keys get nothing.
     */
    List<ClaimedKey> claim(List<Claim> claims);

    /** One key asked for. */
    record Claim(UserId userId, String deviceId, String algorithm) {}

    /** A key handed out: its ID ({@code <algorithm>:<key_id>}) and JSON. */
    record ClaimedKey(UserId userId, String deviceId, String keyId, String keyJson) {}
}
