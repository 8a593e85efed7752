package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Cross-signing keys and the signatures users upload for their own and other users' keys
 * (Client-Server API, "Cross-signing").
 *
 * <p>A signature targets a key of a user: a device by its device ID, a cross-signing key by its
 * public key (its key ID without {@code ed25519:}).
 */
@ConsumerType
public interface CrossSigningStore {
    String MASTER = "master";
    String SELF_SIGNING = "self_signing";
    String USER_SIGNING = "user_signing";

    /** The users' cross-signing keys: user → usage ({@link #MASTER} …) → key. Users without keys are absent. */
    Map<UserId, Map<String, CrossSigningKey>> keys(Collection<UserId> userIds);

    /**
     * Sets some of the user's keys, replacing those of the same usage, and in the same transaction
     * records a device-list change of the user: seen by everyone who shares a room with them, or
     * by the user alone when only the user-signing key changed (no one else may see it). The
     * signatures over a replaced key are deleted.
     */
    void putKeys(UserId userId, List<CrossSigningKey> keys);

    /** A cross-signing key: its usage ({@link #MASTER} …), its public key (unpadded Base64) and its JSON. */
    record CrossSigningKey(String usage, String publicKey, String keyJson) {}

    /**
     * Stores signatures (replacing one by the same signer key over the same target key) and, in
     * the same transaction, records a device-list change of each target user: seen by everyone who
     * shares a room with them when the signer signed their own key, else by the signer alone.
     */
    void addSignatures(List<Signature> signatures);

    /** The signatures over the targets' keys made by the targets themselves or by {@code viewer}. */
    List<Signature> signatures(Collection<UserId> targets, UserId viewer);

    /**
     * A signature by {@code signer}'s key {@code signerKeyId} ({@code ed25519:…}) over the key
     * {@code targetKeyId} of {@code target}.
     */
    record Signature(UserId signer, String signerKeyId, UserId target, String targetKeyId, String signature) {}
}
